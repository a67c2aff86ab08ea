package dev.sagebox.hosting.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model tarballs extract inside their directory only; anything that would escape it is refused. */
class TarExtractorTest {
    @TempDir
    Path dir;

    private static byte[] entry(String name, char type, String link, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 157, link);
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static ByteArrayInputStream tar(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.writeBytes(e);
        }
        out.writeBytes(new byte[1024]);
        return new ByteArrayInputStream(out.toByteArray());
    }

    @Test
    void extract_filesAndDirectories_landInside() throws IOException {
        TarExtractor.extract(tar(entry("code/", '5', "", new byte[0]),
                entry("code/inference.py", '0', "", "x = 1\n".getBytes(StandardCharsets.UTF_8)),
                entry("code/link.py", '2', "inference.py", new byte[0])), dir);

        assertThat(dir.resolve("code/inference.py")).hasContent("x = 1");
        assertThat(Files.readSymbolicLink(dir.resolve("code/link.py"))).isEqualTo(Path.of("inference.py"));
    }

    @Test
    void extract_dotDotPath_isRefused() {
        assertThatThrownBy(() -> TarExtractor.extract(tar(entry("../evil", '0', "", new byte[1])), dir))
                .hasMessageContaining("'..'");
        assertThat(dir.getParent().resolve("evil")).doesNotExist();
    }

    @Test
    void extract_absolutePath_isRefused() {
        assertThatThrownBy(() -> TarExtractor.extract(tar(entry("/tmp/evil", '0', "", new byte[1])), dir))
                .hasMessageContaining("absolute path");
    }

    @Test
    void extract_linkEscaping_isRefused() {
        assertThatThrownBy(() -> TarExtractor.extract(tar(entry("escape", '2', "../../etc/passwd", new byte[0])),
                dir)).hasMessageContaining("link pointing outside");
        assertThatThrownBy(() -> TarExtractor.extract(tar(entry("abs", '2', "/etc/passwd", new byte[0])), dir))
                .hasMessageContaining("link pointing outside");
    }

    @Test
    void extract_deviceFile_isRefused() {
        assertThatThrownBy(() -> TarExtractor.extract(tar(entry("dev", '3', "", new byte[0])), dir))
                .hasMessageContaining("device or special file");
    }
}
