package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * S3 through unchanged boto3 ({@code src/test/python/s3_boto3.py}), with two generations of it: pyenv's boto3 1.43,
 * which sends CRC32 checksums on every upload, and Debian's 1.26, which predates default checksums.
 */
class S3Boto3IT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ClientScripts.PYTHON, ClientScripts.DEBIAN_PYTHON})
    void uploadFile_20MiBWithCrc32_isMultipartAndDownloadsByteIdentical(String python, @TempDir Path work) {
        String out = run(python, "multipart", work);
        assertThat(out).startsWith("ok multipart").endsWith("-3\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ClientScripts.PYTHON, ClientScripts.DEBIAN_PYTHON})
    void listObjects_withDelimiter_foldsDeeperKeysIntoCommonPrefixes(String python, @TempDir Path work) {
        assertThat(run(python, "delimiter", work)).isEqualTo("ok delimiter");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ClientScripts.PYTHON, ClientScripts.DEBIAN_PYTHON})
    void keysWithSpacesAndUnicode_roundTripThroughPutListGetDelete(String python, @TempDir Path work) {
        assertThat(run(python, "odd-keys", work)).isEqualTo("ok odd keys");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ClientScripts.PYTHON, ClientScripts.DEBIAN_PYTHON})
    void headMissingObjectOrBucket_isClientErrorCode404NotFound(String python, @TempDir Path work) {
        assertThat(run(python, "head-missing", work)).isEqualTo("ok head 404");
    }

    /** Runs one check of the script in its own bucket and returns its last line. */
    private static String run(String python, String check, Path work) {
        String bucket = "boto3-" + check + (python.equals(ClientScripts.PYTHON) ? "-pyenv" : "-debian");
        String out = ClientScripts.python(python, server.endpoint(), "s3_boto3.py", check, bucket, work.toString())
                .assertSuccess().stdout().strip();
        return out.substring(out.lastIndexOf('\n') + 1);
    }
}
