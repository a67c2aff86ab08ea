package dev.sagebox.protocol.restjson;

import dev.sagebox.aws.RuntimeError;
import dev.sagebox.hosting.serve.AsyncInvocations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/** Reads InvokeEndpointAsync's headers (CONTRACTS §7.4) into an {@link AsyncInvocations.Request}. */
final class AsyncInvokeRequests {
    /** botocore's {@code InvokeEndpointAsyncInput.Body} limit. */
    static final int MAX_INLINE = 128_000;
    private static final String PREFIX = "X-Amzn-SageMaker-";

    private AsyncInvokeRequests() {
    }

    /** {@code body} is the inline body (empty when none was sent), or null when it was over the limit. */
    static AsyncInvocations.Request read(String endpoint, HttpFields fields, byte[] body) {
        String input = fields.get(PREFIX + "InputLocation");
        boolean inline = body == null || body.length > 0;
        if ((input != null) == inline) {
            throw RuntimeError.VALIDATION.exception("Exactly one of InputLocation and Body must be given.");
        }
        if (body == null) {
            throw RuntimeError.VALIDATION.exception("1 validation error detected: Value at 'body' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_INLINE);
        }
        if (input != null && !input.matches("^s3://[^/]+/.+$")) {
            throw RuntimeError.VALIDATION.exception("1 validation error detected: Value '" + input + "' at"
                    + " 'inputLocation' failed to satisfy constraint: Member must be an s3:// object URI");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        copy(fields, PREFIX + "Content-Type", headers, "Content-Type");
        copy(fields, PREFIX + "Accept", headers, "Accept");
        copy(fields, PREFIX + "Custom-Attributes", headers, PREFIX + "Custom-Attributes");
        copy(fields, PREFIX + "Inference-Id", headers, PREFIX + "Inference-Id");
        String id = fields.get(PREFIX + "Inference-Id");
        if (id != null && (id.isEmpty() || id.length() > 64)) {
            throw RuntimeError.VALIDATION.exception("1 validation error detected: Value '" + id + "' at"
                    + " 'inferenceId' failed to satisfy constraint: Member must have length between 1 and 64");
        }
        Duration ttl = seconds(fields, "RequestTTLSeconds", 21_600, 60, 21_600);
        Duration timeout = seconds(fields, "InvocationTimeoutSeconds", 900, 1, 3_600);
        return new AsyncInvocations.Request(endpoint, id, input, input == null ? body : null, headers, ttl, timeout,
                fields.get(PREFIX + "S3OutputPathExtension"), fields.get(PREFIX + "Filename"));
    }

    private static void copy(HttpFields fields, String from, Map<String, String> to, String as) {
        String value = fields.get(from);
        if (value != null) {
            to.put(as, value);
        }
    }

    private static Duration seconds(HttpFields fields, String name, int fallback, int min, int max) {
        String value = fields.get(PREFIX + name);
        if (value == null) {
            return Duration.ofSeconds(fallback);
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            throw RuntimeError.VALIDATION.exception("1 validation error detected: Value '" + value + "' at '"
                    + member + "' failed to satisfy constraint: Member must have value between " + min + " and "
                    + max);
        }
        return Duration.ofSeconds(n);
    }
}
