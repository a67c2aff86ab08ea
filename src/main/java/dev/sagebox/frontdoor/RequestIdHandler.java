package dev.sagebox.frontdoor;

import dev.sagebox.auth.RawPath;
import dev.sagebox.protocol.Exchanges;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Gives every request an id and puts it on every response: {@code x-amzn-RequestId} for the JSON and query services,
 * {@code x-amz-request-id} plus {@code x-amz-id-2} for S3. SDKs print these in their errors, so a user can find the
 * matching line in our log.
 */
final class RequestIdHandler extends Handler.Wrapper {
    private final FrontDoor.BaseUrlHolder baseUrl;

    RequestIdHandler(Handler handler, FrontDoor.BaseUrlHolder baseUrl) {
        super(handler);
        this.baseUrl = baseUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // An id only has to be unique, not secret. A shared SecureRandom serialises every request on its lock
        // (NativePRNG's nextBytes is synchronized and refills from /dev/urandom inside it).
        String id = HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong());
        request.setAttribute(Exchanges.REQUEST_ID, id);
        request.setAttribute(Exchanges.BASE_URL, baseUrl.get());
        String originalPath = RawTargetConnectionFactory.originalPath(request);
        if (originalPath != null) {
            request.setAttribute(RawPath.ATTRIBUTE, originalPath);
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("x-amzn-RequestId", id);
        headers.put("x-amz-request-id", id);
        headers.put("x-amz-id-2", Base64.getEncoder().encodeToString((id + "/sagebox").getBytes()));
        return super.handle(request, response, callback);
    }
}
