package dev.sagebox.auth;

/**
 * Checks the signatures of an aws-chunked body signed with {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}: each
 * chunk signs its data hash over the previous signature, starting from the header signature, and the trailer signs
 * the trailing headers over the last chunk's. One instance serves one request, called in order by the thread that
 * reads its body.
 */
final class ChainedChunkSignatures implements ChunkSignatures {
    private static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    private static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    private final SigningKey key;
    private final String amzDate;
    private final String scope;
    private String previous;

    ChainedChunkSignatures(SigningKey key, String amzDate, SigV4Scope scope, String seedSignature) {
        this.key = key;
        this.amzDate = amzDate;
        this.scope = scope.scopeString();
        this.previous = seedSignature;
    }

    @Override
    public boolean chunkMatches(byte[] chunkSha256, String signature) {
        String expected = key.sign(CHUNK_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigningKey.EMPTY_SHA256 + "\n" + SigningKey.hex(chunkSha256));
        return advanceIf(expected, signature);
    }

    @Override
    public boolean trailerMatches(String canonicalTrailers, String signature) {
        String expected = key.sign(TRAILER_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigningKey.sha256Hex(canonicalTrailers));
        return advanceIf(expected, signature);
    }

    /** A wrong signature leaves the chain where it was: the decoder rejects the body anyway. */
    private boolean advanceIf(String expected, String signature) {
        if (!SigningKey.matches(expected, signature)) {
            return false;
        }
        previous = expected;
        return true;
    }
}
