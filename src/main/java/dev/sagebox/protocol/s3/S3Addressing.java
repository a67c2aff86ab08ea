package dev.sagebox.protocol.s3;

import dev.sagebox.protocol.Exchanges;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * Finds the bucket and key of a request. The key comes from the raw path, decoded here exactly once: Jetty's decoded
 * path would merge {@code //}, resolve {@code ..} and turn {@code %2F} into a separator, and every one of those is a
 * legal, distinct key in S3.
 */
final class S3Addressing {
    private final String virtualHostSuffix;

    /** @param virtualHostBase the host under which {@code <bucket>.<base>} names a bucket; empty to disable */
    S3Addressing(String virtualHostBase) {
        String base = virtualHostBase == null ? "" : virtualHostBase.trim().toLowerCase(Locale.ROOT);
        this.virtualHostSuffix = base.isEmpty() ? null : "." + base;
    }

    /** {bucket or null, key or null}. */
    String[] locate(Request request) {
        String rawPath = Exchanges.rawPath(request);
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        String hostBucket = virtualHostBucket(request.getHeaders().get("Host"));
        if (hostBucket != null) {
            return new String[] {hostBucket, path.isEmpty() ? null : decode(path, false)};
        }
        if (path.isEmpty()) {
            return new String[] {null, null};
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            return new String[] {decode(path, false), null};
        }
        String key = path.substring(slash + 1);
        return new String[] {decode(path.substring(0, slash), false), key.isEmpty() ? null : decode(key, false)};
    }

    private String virtualHostBucket(String host) {
        if (virtualHostSuffix == null || host == null) {
            return null;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return null;
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (name.length() > virtualHostSuffix.length() && name.endsWith(virtualHostSuffix)) {
            return name.substring(0, name.length() - virtualHostSuffix.length());
        }
        return null;
    }

    /** The raw query decoded into parameters, first value wins; {@code +} is a space, as in forms. */
    static Map<String, String> query(Request request) {
        Map<String, String> result = new LinkedHashMap<>();
        String raw = request.getHttpURI().getQuery();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            result.putIfAbsent(name, value);
        }
        return result;
    }

    /** Percent-decodes UTF-8; a malformed escape stays as it was written. */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
