package dev.sagebox.auth;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The key pairs requests may be signed with: those of the credentials file, plus temporary ones issued to each job
 * and endpoint instance for as long as it runs, so workloads never see the user's own keys (CONTRACTS.md §12).
 */
public final class KeyPairs {
    /** AWS access key ids use upper-case letters and digits; temporary ones start with {@code ASIA}. */
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int KEY_ID_RANDOM_CHARS = 16;
    private static final int SECRET_BYTES = 30;

    private final boolean verifying;
    private final Map<String, String> configured;
    private final ConcurrentMap<String, String> temporary = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private KeyPairs(boolean verifying, Map<String, String> configured) {
        this.verifying = verifying;
        this.configured = Map.copyOf(configured);
    }

    /** The key pairs for a mode: read from {@code <home>/credentials} when verifying, none when auth is off. */
    public static KeyPairs forMode(AuthMode mode, Path home) {
        return mode.isVerifying() ? load(home) : unverified();
    }

    /** Reads {@code <home>/credentials}, refusing a missing, malformed or non-private file. */
    public static KeyPairs load(Path home) {
        return new KeyPairs(true, CredentialsFile.read(home.resolve(CredentialsFile.FILE_NAME)));
    }

    /** Verifying key pairs given directly, for embedded servers and tests. */
    public static KeyPairs of(Collection<KeyPair> pairs) {
        return new KeyPairs(true, pairs.stream().collect(Collectors.toMap(KeyPair::accessKeyId,
                KeyPair::secretAccessKey)));
    }

    /** Auth is off: nothing is checked, and {@link #issue()} hands out {@link KeyPair#UNVERIFIED}. */
    public static KeyPairs unverified() {
        return new KeyPairs(false, Map.of());
    }

    public boolean isVerifying() {
        return verifying;
    }

    /** The secret for an access key id, temporary ones included, or null when it is unknown. */
    String secretFor(String accessKeyId) {
        String secret = configured.get(accessKeyId);
        return secret != null ? secret : temporary.get(accessKeyId);
    }

    /**
     * A fresh key pair that signs requests until {@link #revoke(String)}; with auth off, the fixed pair every
     * workload gets, since nothing checks it.
     */
    public KeyPair issue() {
        if (!verifying) {
            return KeyPair.UNVERIFIED;
        }
        String secret = Base64.getEncoder().encodeToString(randomBytes(SECRET_BYTES));
        while (true) {
            String accessKeyId = "ASIA" + randomKeyIdChars();
            if (!configured.containsKey(accessKeyId) && temporary.putIfAbsent(accessKeyId, secret) == null) {
                return new KeyPair(accessKeyId, secret);
            }
        }
    }

    /** Ends a temporary key pair: requests signed with it fail from now on. Keys of the file are never revoked. */
    public void revoke(String accessKeyId) {
        temporary.remove(accessKeyId);
    }

    /** How many temporary key pairs are live (for diagnostics and tests). */
    public int temporaryCount() {
        return temporary.size();
    }

    private String randomKeyIdChars() {
        StringBuilder id = new StringBuilder(KEY_ID_RANDOM_CHARS);
        for (int i = 0; i < KEY_ID_RANDOM_CHARS; i++) {
            id.append(KEY_ID_ALPHABET.charAt(random.nextInt(KEY_ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "KeyPairs[verifying=" + verifying + ", configured=" + configured.keySet() + ", temporary="
                + temporary.size() + "]";
    }
}
