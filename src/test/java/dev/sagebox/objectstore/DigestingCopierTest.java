package dev.sagebox.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestingCopierTest {
    @TempDir
    Path dir;

    @Test
    void multiBufferBody_isCopiedExactly_withMd5AndChecksum() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 123];
        new Random(3).nextBytes(data);
        Path file = dir.resolve("out");
        Digests digests;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DigestingCopier copier = new DigestingCopier(out, true,
                    Set.of(ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.SHA256));
            // a stream that returns short reads, as a socket does
            copier.copy(new TrickleInputStream(new ByteArrayInputStream(data)));
            digests = copier.digests();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(digests.size()).isEqualTo(data.length);
        assertThat(digests.md5()).isEqualTo(MessageDigest.getInstance("MD5").digest(data));
        assertThat(digests.checksums().get(ChecksumAlgorithm.SHA256))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertThat(Base64.getEncoder().encodeToString(digests.checksums().get(ChecksumAlgorithm.CRC32C)))
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24),
                        (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()}));
    }

    @Test
    void streamFailingMidway_propagatesTheFailure_withoutHanging() throws Exception {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[3 * 1024 * 1024]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("client went away");
                    }
                });
        try (FileChannel out = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            DigestingCopier copier = new DigestingCopier(out, true, Set.of());
            assertThatThrownBy(() -> copier.copy(failing)).hasMessage("client went away");
        }
    }

    private static final class TrickleInputStream extends InputStream {
        private final InputStream in;

        TrickleInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 7919));
        }
    }
}
