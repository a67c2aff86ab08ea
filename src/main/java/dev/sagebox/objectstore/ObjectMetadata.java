package dev.sagebox.objectstore;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the writer of an object said about it, returned unchanged on every read.
 *
 * @param contentType  the media type; never null ({@code binary/octet-stream} when the writer gave none)
 * @param userMetadata {@code x-amz-meta-*} pairs, names lower-cased and without the prefix
 * @param headers      standard headers kept with the object, e.g. {@code Content-Encoding}, {@code Cache-Control}
 */
public record ObjectMetadata(String contentType, Map<String, String> userMetadata, Map<String, String> headers) {
    public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    public ObjectMetadata {
        contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(new TreeMap<>(userMetadata));
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
    }

    /** Metadata with only a content type. */
    public static ObjectMetadata ofType(String contentType) {
        return new ObjectMetadata(contentType, Map.of(), Map.of());
    }
}
