package dev.sagebox.protocol.restjson;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * AWS event-stream framing (CONTRACTS §7.3, botocore {@code eventstream.py}): big-endian prelude with its CRC32,
 * string headers, payload, message CRC32. Only what InvokeEndpointWithResponseStream sends: PayloadPart events and
 * the exception event that ends a broken stream.
 */
final class EventStreamFrames {
    /** The largest payload one PayloadPart carries. */
    static final int MAX_PART = 64 * 1024;

    private EventStreamFrames() {
    }

    static byte[] payloadPart(byte[] payload, int offset, int length) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":event-type", "PayloadPart");
        header(headers, ":content-type", "application/octet-stream");
        header(headers, ":message-type", "event");
        return frame(headers.toByteArray(), payload, offset, length);
    }

    /** An exception event, e.g. {@code ModelStreamError}, carrying a JSON payload. */
    static byte[] exception(String exceptionType, byte[] json) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":exception-type", exceptionType);
        header(headers, ":content-type", "application/json");
        header(headers, ":message-type", "exception");
        return frame(headers.toByteArray(), json, 0, json.length);
    }

    /** Every PayloadPart for {@code body}, in order, {@link #MAX_PART} bytes at most each. */
    static byte[] payloadParts(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 128);
        for (int offset = 0; offset < body.length; offset += MAX_PART) {
            out.writeBytes(payloadPart(body, offset, Math.min(MAX_PART, body.length - offset)));
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(n.length);
        out.writeBytes(n);
        out.write(7);
        out.write(v.length >> 8);
        out.write(v.length & 0xff);
        out.writeBytes(v);
    }

    private static byte[] frame(byte[] headers, byte[] payload, int offset, int length) {
        int total = 16 + headers.length + length;
        ByteBuffer buffer = ByteBuffer.allocate(total);
        buffer.putInt(total).putInt(headers.length);
        buffer.putInt((int) crc(buffer.array(), 0, 8));
        buffer.put(headers).put(payload, offset, length);
        buffer.putInt((int) crc(buffer.array(), 0, total - 4));
        return buffer.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
