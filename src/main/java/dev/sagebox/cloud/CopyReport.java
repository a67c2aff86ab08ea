package dev.sagebox.cloud;

/** What a copy did: objects and bytes sent, and those skipped because the target already had them. */
public record CopyReport(int objectsCopied, long bytesCopied, int objectsSkipped, long bytesSkipped) {
    static final CopyReport NONE = new CopyReport(0, 0, 0, 0);

    CopyReport plus(CopyReport other) {
        return new CopyReport(objectsCopied + other.objectsCopied, bytesCopied + other.bytesCopied,
                objectsSkipped + other.objectsSkipped, bytesSkipped + other.bytesSkipped);
    }

    @Override
    public String toString() {
        return "copied " + objectsCopied + " object(s), " + bytesCopied + " bytes; skipped " + objectsSkipped
                + " already there (" + bytesSkipped + " bytes)";
    }
}
