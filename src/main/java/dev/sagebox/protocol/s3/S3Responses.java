package dev.sagebox.protocol.s3;

import dev.sagebox.aws.Account;
import dev.sagebox.protocol.Exchanges;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Response helpers shared by the S3 operations: XML replies, empty replies, and S3's two time formats. */
final class S3Responses {
    /** S3's canonical owner id for the local account (a 64-hex-digit id, as the real service uses). */
    static final String OWNER_ID = "0000000000000000000000000000000000000000000000000000" + Account.ID;
    static final String OWNER_NAME = "sagebox";

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private S3Responses() {
    }

    static void xml(S3Call call, int status, byte[] body) {
        Exchanges.respond(call.response(), call.callback(), status, "application/xml", body);
    }

    static void empty(S3Call call, int status) {
        if (status != 204 && status != 304) {
            call.response().getHeaders().put("Content-Length", 0);
        }
        Exchanges.respondEmpty(call.response(), call.callback(), status);
    }

    /** {@code 2026-01-01T12:00:00.000Z}, as in XML results. */
    static String iso(Instant instant) {
        return ISO.format(instant);
    }

    /** {@code Thu, 01 Jan 2026 12:00:00 GMT}, as in {@code Last-Modified}. */
    static String http(Instant instant) {
        return HTTP.format(instant);
    }

    /** An HTTP date (RFC 1123, also RFC 850 as Java parses it), or null when it is not one: S3 then ignores it. */
    static Instant parseHttpDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void owner(XmlWriter xml) {
        xml.start("Owner").element("ID", OWNER_ID).element("DisplayName", OWNER_NAME).end("Owner");
    }
}
