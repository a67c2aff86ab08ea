package dev.sagebox.protocol.s3;

import dev.sagebox.aws.AwsException;
import dev.sagebox.protocol.Exchanges;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Renders S3 errors: {@code <Error><Code/><Message/>…<RequestId/></Error>}, and no body at all for HEAD, where boto3
 * then reports the bare status ({@code "404"}, {@code "Not Found"}) that the SageMaker SDK compares against.
 */
final class S3Errors {
    private S3Errors() {
    }

    static void send(Request request, Response response, Callback callback, AwsException error) {
        if (response.isCommitted()) {
            callback.failed(error);
            return;
        }
        response.getHeaders().remove("ETag");
        response.getHeaders().remove("Last-Modified");
        if ("HEAD".equals(request.getMethod()) || error.httpStatus() == 304) {
            response.setStatus(error.httpStatus());
            response.write(true, null, callback);
            return;
        }
        XmlWriter xml = XmlWriter.bare("Error")
                .element("Code", error.code())
                .element("Message", error.getMessage());
        for (Map.Entry<String, Object> field : error.fields().entrySet()) {
            xml.element(field.getKey(), field.getValue());
        }
        String id = Exchanges.requestId(request);
        xml.element("RequestId", id).element("HostId", response.getHeaders().get("x-amz-id-2"));
        Exchanges.respond(response, callback, error.httpStatus(), "application/xml", xml.finish("Error"));
    }
}
