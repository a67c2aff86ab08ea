package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Per-record JSONPath filters and the join of input and output (CONTRACTS §8.1, {@code DataProcessing}). */
public record DataProcessing(String inputFilter, String outputFilter, String joinSource) {
    void validate(Validator v, String path) {
        v.length(Validator.child(path, "inputFilter"), inputFilter, 0, 63);
        v.length(Validator.child(path, "outputFilter"), outputFilter, 0, 63);
        v.oneOf(Validator.child(path, "joinSource"), joinSource, List.of("Input", "None"));
    }

    /** Whether records must be handled one by one: a filter other than {@code $}, or a join. */
    public boolean isActive() {
        return !isIdentity(inputFilter) || !isIdentity(outputFilter) || "Input".equals(joinSource);
    }

    public boolean joinsInput() {
        return "Input".equals(joinSource);
    }

    private static boolean isIdentity(String filter) {
        return filter == null || filter.isBlank() || filter.strip().equals("$");
    }
}
