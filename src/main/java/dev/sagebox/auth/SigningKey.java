package dev.sagebox.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 signing key of one secret and scope, {@code HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region),
 * service), "aws4_request")}, and the hashing every SigV4 string needs.
 */
final class SigningKey {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    private SigningKey(byte[] key) {
        this.key = key;
    }

    static SigningKey derive(String secret, SigV4Scope scope) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, scope.service());
        return new SigningKey(hmac(key, "aws4_request"));
    }

    /** {@code hex(HMAC(key, stringToSign))}. */
    String sign(String stringToSign) {
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** The string to sign of a request: algorithm, time, scope and the canonical request's hash. */
    static String stringToSign(String amzDate, SigV4Scope scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope.scopeString() + "\n" + sha256Hex(canonicalRequest);
    }

    /**
     * Compares two hex signatures in constant time, so response timing reveals nothing about how much of a forged
     * signature was right.
     */
    static boolean matches(String expected, String provided) {
        if (provided == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(String text) {
        return hex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }
}
