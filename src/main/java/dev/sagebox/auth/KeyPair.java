package dev.sagebox.auth;

/**
 * An access key id and its secret. {@link #toString()} hides the secret, so a key pair can be logged safely.
 *
 * @param accessKeyId     the public half, sent in every request's credential scope
 * @param secretAccessKey the secret half, which signs requests and never travels
 */
public record KeyPair(String accessKeyId, String secretAccessKey) {
    /** What workloads get when auth is {@code off} (CONTRACTS.md: "Credentials inside containers"). */
    public static final KeyPair UNVERIFIED = new KeyPair("sagebox", "sagebox");

    public KeyPair {
        if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("a key pair needs a non-empty access key id and secret");
        }
    }

    @Override
    public String toString() {
        return "KeyPair[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
