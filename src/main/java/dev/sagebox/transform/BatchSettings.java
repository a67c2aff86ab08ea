package dev.sagebox.transform;

/**
 * The batch settings a transform job runs with: the user's values, else the container's
 * {@code /execution-parameters}, else Sagebox's defaults (CONTRACTS §8.1, as SDK local mode: MultiRecord, 6 MB,
 * one request in flight).
 *
 * @param maxPayloadInMB 0 means no limit
 */
public record BatchSettings(int maxConcurrentTransforms, int maxPayloadInMB, String batchStrategy) {
    public static final BatchSettings DEFAULTS = new BatchSettings(1, 6, "MultiRecord");

    public boolean isMultiRecord() {
        return "MultiRecord".equals(batchStrategy);
    }

    /** The payload limit in bytes, or {@link Long#MAX_VALUE} for none. */
    public long maxPayloadBytes() {
        return maxPayloadInMB == 0 ? Long.MAX_VALUE : maxPayloadInMB * 1_048_576L;
    }

    /** {@code SAGEMAKER_BATCH_STRATEGY}'s spelling. */
    public String environmentStrategy() {
        return isMultiRecord() ? "MULTI_RECORD" : "SINGLE_RECORD";
    }
}
