package dev.sagebox.protocol.restjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.hosting.serve.ResponseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes InvokeEndpointWithResponseStream's answer as the container sends it (CONTRACTS §7.3): one PayloadPart per
 * block, flushed at once so a client sees tokens as they are produced, and a {@code ModelStreamError} event when the
 * container's answer breaks.
 */
final class EventStreamResponse implements ResponseStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamResponse.class);

    private final Response response;
    private OutputStream out;

    EventStreamResponse(Response response) {
        this.response = response;
    }

    boolean begun() {
        return out != null;
    }

    @Override
    public void begin(String contentType, String invokedVariant) throws IOException {
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "application/vnd.amazon.eventstream");
        if (contentType != null) {
            response.getHeaders().put("X-Amzn-SageMaker-Content-Type", contentType);
        }
        response.getHeaders().put("x-Amzn-Invoked-Production-Variant", invokedVariant);
        out = Content.Sink.asOutputStream(response);
        out.flush();
    }

    @Override
    public void part(byte[] bytes, int offset, int length) throws IOException {
        out.write(EventStreamFrames.payloadPart(bytes, offset, length));
        out.flush();
    }

    @Override
    public void fail(String errorCode, String message) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("Message", message);
        payload.put("ErrorCode", errorCode);
        try {
            out.write(EventStreamFrames.exception("ModelStreamError", JSON.writeValueAsBytes(payload)));
            out.flush();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IOException e) {
            LOG.debug("the client left before the stream error could be sent", e);
        }
    }

    /** Ends the answer; the event stream has no closing frame. */
    void finish() throws IOException {
        out.close();
    }
}
