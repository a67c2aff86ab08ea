package dev.sagebox.training;

import dev.sagebox.aws.Validator;

/** A metric to scrape from the job's output: {@code Regex} applied with find() to every line. */
public record MetricDefinition(String name, String regex) {
    void validate(Validator v, String path) {
        String namePath = Validator.child(path, "name");
        if (v.required(namePath, name)) {
            v.length(namePath, name, 1, 255).pattern(namePath, name, ".+");
        }
        String regexPath = Validator.child(path, "regex");
        if (v.required(regexPath, regex)) {
            v.length(regexPath, regex, 1, 500).pattern(regexPath, regex, ".+");
        }
    }
}
