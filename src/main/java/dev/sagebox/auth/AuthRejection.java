package dev.sagebox.auth;

/** Verification stopped: carries the neutral failure and the message for the client's error. */
final class AuthRejection extends Exception {
    private final AuthFailure failure;
    private final transient SigV4Scope scope;

    AuthRejection(AuthFailure failure, String message, SigV4Scope scope) {
        super(message, null, false, false);
        this.failure = failure;
        this.scope = scope;
    }

    Authentication toAuthentication() {
        return Authentication.failed(scope, failure, getMessage());
    }

    AuthFailure failure() {
        return failure;
    }
}
