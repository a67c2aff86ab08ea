package dev.sagebox.protocol.restjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Event-stream frames match the byte-exact vector botocore decodes (CONTRACTS §7.3). */
class EventStreamFramesTest {
    @Test
    void payloadPart_hello_matchesTestVector() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);

        String hex = HexFormat.of().formatHex(EventStreamFrames.payloadPart(hello, 0, hello.length));

        assertThat(hex).isEqualTo("0000006e000000595197ff150b3a6576656e742d7479706507000b5061796c6f616450617274"
                + "0d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167"
                + "652d747970650700056576656e7468656c6c6f29738ab4");
    }

    @Test
    void payloadParts_splitsAt64KiB() {
        byte[] body = new byte[EventStreamFrames.MAX_PART + 1];

        byte[] frames = EventStreamFrames.payloadParts(body);

        int overhead = 110 - 5;
        assertThat(frames).hasSize(2 * overhead + body.length);
    }

    @Test
    void exception_carriesTypeHeadersAndJsonPayload_withValidCrcs() {
        byte[] json = "{\"Message\":\"m\",\"ErrorCode\":\"StreamBroken\"}".getBytes(StandardCharsets.UTF_8);

        byte[] frame = EventStreamFrames.exception("ModelStreamError", json);

        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int total = buffer.getInt(0);
        int headersLength = buffer.getInt(4);
        assertThat(total).isEqualTo(frame.length).isEqualTo(16 + headersLength + json.length);
        assertThat(buffer.getInt(8)).isEqualTo((int) crc(frame, 8));
        assertThat(buffer.getInt(total - 4)).isEqualTo((int) crc(frame, total - 4));
        String headers = new String(frame, 12, headersLength, StandardCharsets.ISO_8859_1);
        assertThat(headers).containsSubsequence(":exception-type", "ModelStreamError", ":content-type",
                "application/json", ":message-type", "exception");
        assertThat(new String(frame, 12 + headersLength, json.length, StandardCharsets.UTF_8))
                .isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
