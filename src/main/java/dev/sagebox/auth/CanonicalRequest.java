package dev.sagebox.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The SigV4 canonical request (CONTRACTS.md §12), rebuilt from the request exactly as received: the raw path and
 * query, never Jetty's decoded forms, since clients sign what they put on the wire.
 */
final class CanonicalRequest {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final Comparator<Map.Entry<String, String>> BY_NAME_THEN_VALUE =
            Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue());

    private CanonicalRequest() {
    }

    /**
     * {@code METHOD\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nPayloadHash}.
     *
     * @param encodePathAgain true for every service but S3, whose SDKs sign the path once-encoded
     * @param omitSignature   true for presigned URLs, whose {@code X-Amz-Signature} cannot sign itself
     */
    static String build(String method, String rawPath, String rawQuery, HttpFields headers,
                        List<String> signedHeaders, String payloadHash, boolean encodePathAgain,
                        boolean omitSignature) {
        return method + "\n"
                + canonicalUri(rawPath, encodePathAgain) + "\n"
                + canonicalQuery(rawQuery, omitSignature) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadHash;
    }

    /** The raw path, URI-encoded once more (keeping {@code /}) unless this is S3; an empty path is {@code /}. */
    static String canonicalUri(String rawPath, boolean encodeAgain) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encodeAgain ? uriEncode(rawPath, true) : rawPath;
    }

    /**
     * Each name and value decoded, then RFC 3986-encoded, sorted by name then value; a bare {@code k} is
     * {@code k=}. Sorting the encoded forms gives the byte order botocore and the Java SDK both use.
     */
    static String canonicalQuery(String rawQuery, boolean omitSignature) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            if (omitSignature && name.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(Map.entry(uriEncode(name, false), uriEncode(value, false)));
        }
        pairs.sort(BY_NAME_THEN_VALUE);
        StringBuilder query = new StringBuilder(rawQuery.length() + 16);
        for (Map.Entry<String, String> pair : pairs) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(pair.getKey()).append('=').append(pair.getValue());
        }
        return query.toString();
    }

    /**
     * One {@code name:value\n} line per signed header: values trimmed with inner whitespace collapsed, repeated
     * headers joined with {@code ,} in the order received.
     */
    static String canonicalHeaders(HttpFields headers, List<String> signedHeaders) {
        StringBuilder canonical = new StringBuilder(256);
        for (String name : signedHeaders) {
            canonical.append(name).append(':');
            boolean first = true;
            for (HttpField field : headers) {
                if (field.getName().equalsIgnoreCase(name)) {
                    if (!first) {
                        canonical.append(',');
                    }
                    canonical.append(collapseWhitespace(field.getValue()));
                    first = false;
                }
            }
            canonical.append('\n');
        }
        return canonical.toString();
    }

    static String collapseWhitespace(String value) {
        if (value == null) {
            return "";
        }
        return value.strip().replaceAll("\\s+", " ");
    }

    /** RFC 3986 encoding of the UTF-8 bytes: unreserved {@code A-Za-z0-9-_.~} stay, and {@code /} if asked. */
    static String uriEncode(String text, boolean keepSlash) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX_UPPER[(b >> 4) & 0xf]).append(HEX_UPPER[b & 0xf]);
            }
        }
        return encoded.toString();
    }

    /**
     * Decodes {@code %XX} escapes; {@code +} stays a plus, as in RFC 3986 (SDKs send spaces as {@code %20}). A
     * malformed escape is kept literally rather than rejected, so the signature check decides.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
                bytes.write(Character.digit(raw[i + 1], 16) << 4 | Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
