package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3 through Debian's AWS CLI v2 ({@code /usr/bin/aws}): {@code aws s3 sync} both ways over a realistic tree. */
class S3AwsCliIT {
    private static final int FILES = 300;
    private static final int MIB = 1024 * 1024;
    /** Above the CLI's 8 MiB multipart threshold, so sync uploads and downloads these in parts. */
    private static final List<Integer> LARGE_SIZES = List.of(9 * MIB, 10 * MIB + 12_345, 17 * MIB + 1);

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

    @Test
    void sync_nestedTreeUpAndBack_isByteIdenticalAndResyncUploadsNothing(@TempDir Path work) throws IOException {
        Path source = generateTree(work.resolve("source"));
        Path copy = work.resolve("copy");
        cli("s3", "mb", "s3://cli-sync");

        cli("s3", "sync", "--no-progress", source.toString(), "s3://cli-sync/tree");
        String listing = cli("s3", "ls", "--recursive", "s3://cli-sync/tree/");
        assertThat(listing.lines().filter(line -> !line.isBlank())).hasSize(FILES);
        // sync compares sizes and times from ListObjectsV2: a second run must find nothing to do.
        assertThat(cli("s3", "sync", "--no-progress", source.toString(), "s3://cli-sync/tree")).isBlank();

        cli("s3", "sync", "--no-progress", "s3://cli-sync/tree", copy.toString());
        assertSameTree(source, copy);
    }

    @Test
    void ls_recursive_countsEveryObjectAcrossPages(@TempDir Path work) throws IOException {
        Path source = work.resolve("flat");
        Files.createDirectories(source);
        // More than one ListObjectsV2 page (1000 keys), so the CLI must follow continuation tokens.
        for (int i = 0; i < 1_010; i++) {
            Files.writeString(source.resolve("f " + i + ".txt"), Integer.toString(i));
        }
        cli("s3", "mb", "s3://cli-pages");
        cli("s3", "sync", "--no-progress", "--only-show-errors", source.toString(), "s3://cli-pages/flat");
        assertThat(cli("s3", "ls", "--recursive", "s3://cli-pages/").lines().filter(l -> !l.isBlank()))
                .hasSize(1_010);
        assertThat(cli("s3", "ls", "s3://cli-pages/").strip()).isEqualTo("PRE flat/");
    }

    private static String cli(String... args) {
        return ClientScripts.awsCliV2(server.endpoint(), args).assertSuccess().stdout();
    }

    /**
     * Writes {@value #FILES} files, three of them large, in nested directories whose names contain spaces, with
     * sizes from empty to a few hundred KiB. Times are set in the past, as a user's files would be, so that sync's
     * "local newer than remote" rule has a clear answer.
     */
    private static Path generateTree(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        FileTime past = FileTime.from(Instant.now().minusSeconds(3_600));
        for (int i = 0; i < FILES; i++) {
            Path dir = root.resolve("set " + (i % 4)).resolve(i % 3 == 0 ? "deep dir/level 2" : "level-" + (i % 5));
            String name = (i % 7 == 0 ? "file with spaces " : "f+") + i + (i % 2 == 0 ? ".bin" : ".txt");
            int size = i < LARGE_SIZES.size() ? LARGE_SIZES.get(i) : i % 25 == 0 ? 0 : random.nextInt(300 * 1024);
            byte[] data = new byte[size];
            random.nextBytes(data);
            Files.createDirectories(dir);
            Path file = Files.write(dir.resolve(name), data);
            Files.setLastModifiedTime(file, past);
        }
        return root;
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> expectedFiles = relativeFiles(expected);
        assertThat(expectedFiles).hasSize(FILES);
        assertThat(relativeFiles(actual)).containsExactlyElementsOf(expectedFiles);
        for (Path file : expectedFiles) {
            assertThat(Files.mismatch(expected.resolve(file), actual.resolve(file)))
                    .as("first differing byte of %s", file).isEqualTo(-1L);
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
