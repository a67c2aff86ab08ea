package dev.sagebox.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {
    private static String base64(ChecksumAlgorithm algorithm, String text) {
        return Base64.getEncoder().encodeToString(digest(algorithm, text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] digest(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.Digester digester = algorithm.newDigester();
        digester.update(data, 0, data.length);
        return digester.digest();
    }

    @Test
    void helloWorld_vectors_matchAwsValues() {
        assertThat(base64(ChecksumAlgorithm.CRC32, "hello world")).isEqualTo("DUoRhQ==");
        assertThat(base64(ChecksumAlgorithm.CRC32C, "hello world")).isEqualTo("yZRlqg==");
        assertThat(HexFormat.of().formatHex(digest(ChecksumAlgorithm.SHA1,
                "hello world".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed");
        assertThat(HexFormat.of().formatHex(digest(ChecksumAlgorithm.SHA256,
                "hello world".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    @Test
    void crc64Nvme_checkValue_isTheCatalogueValue() {
        // CRC-64/NVME check value over "123456789" (reveng catalogue).
        assertThat(HexFormat.of().formatHex(digest(ChecksumAlgorithm.CRC64NVME,
                "123456789".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("ae8b14860a799888");
    }

    @Test
    void crc64Nvme_slicedPath_matchesBytewisePath() {
        byte[] data = new byte[1000];
        new java.util.Random(7).nextBytes(data);
        Crc64Nvme sliced = new Crc64Nvme();
        sliced.update(data, 0, data.length);
        Crc64Nvme bytewise = new Crc64Nvme();
        for (byte b : data) {
            bytewise.update(b);
        }
        assertThat(sliced.getValue()).isEqualTo(bytewise.getValue());
    }

    @Test
    void crc64Nvme_emptyInput_isZero() {
        assertThat(new Crc64Nvme().getValue()).isZero();
    }
}
