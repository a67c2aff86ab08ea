package dev.sagebox.training;

import dev.sagebox.aws.Validator;

/** How often an InternalServerError failure is retried. */
public record RetryStrategy(Integer maximumRetryAttempts) {
    void validate(Validator v, String path) {
        String attempts = Validator.child(path, "maximumRetryAttempts");
        if (v.required(attempts, maximumRetryAttempts)) {
            v.range(attempts, maximumRetryAttempts, 1, 30);
        }
    }
}
