package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;

/** The runtime limit; one day when the request sets none, and enforced as for training (CONTRACTS §3.3). */
public record ProcessingStoppingCondition(Integer maxRuntimeInSeconds) {
    static final int DEFAULT_MAX_RUNTIME = 86_400;

    void validate(Validator v, String path) {
        String max = Validator.child(path, "maxRuntimeInSeconds");
        if (v.required(max, maxRuntimeInSeconds)) {
            v.range(max, maxRuntimeInSeconds, 1, 777_600);
        }
    }

    static ProcessingStoppingCondition orDefault(ProcessingStoppingCondition given) {
        return given != null ? given : new ProcessingStoppingCondition(DEFAULT_MAX_RUNTIME);
    }
}
