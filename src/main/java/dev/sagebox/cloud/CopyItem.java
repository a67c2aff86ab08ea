package dev.sagebox.cloud;

/** One object to copy: where it is, how big it is, and where it goes. */
public record CopyItem(String sourceBucket, String sourceKey, long size, String targetBucket, String targetKey) {
    public String sourceUri() {
        return "s3://" + sourceBucket + "/" + sourceKey;
    }

    public String targetUri() {
        return "s3://" + targetBucket + "/" + targetKey;
    }
}
