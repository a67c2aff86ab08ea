package dev.sagebox.auth;

/**
 * Checks the signature chain of an aws-chunked body: each chunk is signed over the previous signature, starting from
 * the header signature. The aws-chunked decoder calls it once per chunk, in order, then once for the trailer.
 */
public interface ChunkSignatures {
    /** Accepts every chunk: used when auth is {@code off}, where signatures are parsed but never checked. */
    ChunkSignatures UNCHECKED = new ChunkSignatures() {
        @Override
        public boolean chunkMatches(byte[] chunkSha256, String signature) {
            return true;
        }

        @Override
        public boolean trailerMatches(String canonicalTrailers, String signature) {
            return true;
        }
    };

    /**
     * Whether {@code signature} is the right one for the next chunk, whose data hashes to {@code chunkSha256}. A
     * matching call advances the chain.
     */
    boolean chunkMatches(byte[] chunkSha256, String signature);

    /**
     * Whether {@code signature} signs the trailer, given as {@code name:value\n} per trailing header (the
     * {@code x-amz-trailer-signature} line excluded).
     */
    boolean trailerMatches(String canonicalTrailers, String signature);
}
