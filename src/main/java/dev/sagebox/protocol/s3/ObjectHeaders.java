package dev.sagebox.protocol.s3;

import dev.sagebox.objectstore.Checksum;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.StoredObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/** Object metadata on the wire: what a write stores, and the headers a read returns. */
final class ObjectHeaders {
    private static final String META = "x-amz-meta-";
    /** Standard headers S3 keeps with an object and returns on GET and HEAD. */
    private static final List<String> KEPT = List.of("Cache-Control", "Content-Disposition", "Content-Encoding",
            "Content-Language", "Expires");
    /** GetObject's {@code response-*} query overrides and the header each replaces. */
    private static final Map<String, String> OVERRIDES = Map.of("response-content-type", "Content-Type",
            "response-content-language", "Content-Language", "response-expires", "Expires",
            "response-cache-control", "Cache-Control", "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private ObjectHeaders() {
    }

    /** The metadata a PutObject, CreateMultipartUpload or REPLACE copy sets. */
    static ObjectMetadata metadataOf(S3Call call) {
        Map<String, String> user = new TreeMap<>();
        for (HttpField field : call.request().getHeaders()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith(META) && name.length() > META.length()) {
                user.merge(name.substring(META.length()), field.getValue(), (a, b) -> a + "," + b);
            }
        }
        Map<String, String> kept = new TreeMap<>();
        for (String header : KEPT) {
            String value = call.header(header);
            if (header.equals("Content-Encoding")) {
                value = withoutAwsChunked(value);
            }
            if (value != null && !value.isEmpty()) {
                kept.put(header, value);
            }
        }
        return new ObjectMetadata(call.header("Content-Type"), user, kept);
    }

    /** Content-Encoding minus the {@code aws-chunked} token, which describes the upload, not the object. */
    static String withoutAwsChunked(String encoding) {
        if (encoding == null) {
            return null;
        }
        String rest = Arrays.stream(encoding.split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty() && !token.equalsIgnoreCase("aws-chunked"))
                .collect(Collectors.joining(","));
        return rest.isEmpty() ? null : rest;
    }

    /** The headers of a GET or HEAD answer, with the request's {@code response-*} overrides applied. */
    static void write(HttpFields.Mutable headers, StoredObject object, Map<String, String> query) {
        ObjectMetadata metadata = object.metadata();
        headers.put("ETag", object.etag());
        headers.put("Last-Modified", S3Responses.http(object.lastModified()));
        headers.put("Accept-Ranges", "bytes");
        headers.put("Content-Type", metadata.contentType());
        metadata.headers().forEach(headers::put);
        metadata.userMetadata().forEach((name, value) -> headers.put(META + name, value));
        OVERRIDES.forEach((parameter, header) -> {
            String value = query.get(parameter);
            if (value != null) {
                headers.put(header, value);
            }
        });
    }

    /** Echoes a stored checksum: {@code x-amz-checksum-<alg>} and {@code x-amz-checksum-type}. */
    static void writeChecksum(HttpFields.Mutable headers, Checksum checksum) {
        if (checksum != null) {
            headers.put(checksum.algorithm().headerName(), checksum.value());
            headers.put("x-amz-checksum-type", checksum.type().name());
        }
    }
}
