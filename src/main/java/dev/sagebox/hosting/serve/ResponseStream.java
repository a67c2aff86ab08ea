package dev.sagebox.hosting.serve;

import java.io.IOException;

/** Where InvokeEndpointWithResponseStream's answer goes, block by block as the container sends it (§7.3). */
public interface ResponseStream {
    /** The container answered 2xx; nothing of the answer has been sent before this. */
    void begin(String contentType, String invokedVariant) throws IOException;

    /** One block of the container's body, at most 64 KiB. */
    void part(byte[] bytes, int offset, int length) throws IOException;

    /**
     * The answer broke after {@link #begin}: {@code errorCode} is {@code ModelInvocationTimeExceeded} or
     * {@code StreamBroken}.
     */
    void fail(String errorCode, String message);
}
