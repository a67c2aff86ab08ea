package dev.sagebox.protocol.s3;

import java.nio.charset.StandardCharsets;

/**
 * {@code encoding-type=url}: keys are percent-encoded in listings so that any key survives XML. Everything but RFC
 * 3986 unreserved characters and {@code /} is escaped, so botocore's {@code unquote_plus} and the Java SDK's decoder
 * both restore the exact key ({@code +} must travel as {@code %2B}).
 */
enum Encoder {
    NONE,
    URL;

    String apply(String value) {
        if (value == null || this == NONE) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The {@code EncodingType} element's value, or null to omit it. */
    String type() {
        return this == URL ? "url" : null;
    }
}
