package dev.sagebox.training;

import dev.sagebox.aws.Validator;

/** Runtime limits; {@code MaxRuntimeInSeconds} defaults to one day and is enforced (CONTRACTS §3.3). */
public record StoppingCondition(Integer maxRuntimeInSeconds, Integer maxWaitTimeInSeconds,
                                Integer maxPendingTimeInSeconds) {
    static final int DEFAULT_MAX_RUNTIME = 86_400;

    void validate(Validator v, String path) {
        v.range(Validator.child(path, "maxRuntimeInSeconds"), maxRuntimeInSeconds, 1, Integer.MAX_VALUE);
        v.range(Validator.child(path, "maxWaitTimeInSeconds"), maxWaitTimeInSeconds, 1, Integer.MAX_VALUE);
        v.range(Validator.child(path, "maxPendingTimeInSeconds"), maxPendingTimeInSeconds, 7200, 2_419_200);
    }

    StoppingCondition withDefaults() {
        return new StoppingCondition(maxRuntimeInSeconds == null ? DEFAULT_MAX_RUNTIME : maxRuntimeInSeconds,
                maxWaitTimeInSeconds, maxPendingTimeInSeconds);
    }
}
