package dev.sagebox.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
    @TempDir
    Path root;
    private Path home;
    private StateStore state;
    private ObjectStore store;

    @BeforeEach
    void open() throws IOException {
        home = root.resolve("home");
        state = StateStore.open(home, List.of(ObjectStore.schema()));
        store = ObjectStore.open(home, state);
        store.createBucket("bkt", "us-east-1");
    }

    @AfterEach
    void close() {
        state.close();
    }

    private StoredObject put(String key, String content) throws IOException {
        return store.put("bkt", key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                ObjectMetadata.ofType(null), Set.of(), digests -> null);
    }

    private String read(String key) throws IOException {
        return Files.readString(store.storedFile("bkt", key));
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("objects"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void overwrite_writesNewReadOnlyFile_andRemovesTheOldOne() throws IOException {
        Path first = put("k", "one").file();
        Path linked = root.resolve("staged");
        Files.createLink(linked, first);
        StoredObject second = put("k", "two");
        assertThat(second.file()).isNotEqualTo(first);
        assertThat(first).doesNotExist();
        assertThat(Files.readString(linked)).isEqualTo("one");
        assertThat(read("k")).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.file()))).isEqualTo("r--r--r--");
        assertThat(second.etag()).isEqualTo("\"b8a9f715dbb64fd5c56e7783c6820a61\"");
        assertThat(blobFiles()).containsExactly(second.file());
    }

    @Test
    void failedVerification_leavesNoObjectAndNoFile() throws IOException {
        put("k", "kept");
        assertThatThrownBy(() -> store.put("bkt", "k", new ByteArrayInputStream(new byte[] {1, 2}),
                ObjectMetadata.ofType(null), Set.of(), digests -> {
                    throw S3Error.BAD_DIGEST.exception();
                })).isInstanceOf(AwsException.class);
        assertThat(read("k")).isEqualTo("kept");
        assertThat(blobFiles()).hasSize(1);
    }

    @Test
    void traversalLookingKeys_areStoredVerbatim_andNeverBecomePaths() throws IOException {
        List<String> keys = List.of("../../../outside", "/abs/path", "a//b", "..", "back\\slash", "a", "a/b",
                "dir/", "ünï/😀");
        for (String key : keys) {
            put(key, "v:" + key);
        }
        for (String key : keys) {
            assertThat(read(key)).isEqualTo("v:" + key);
        }
        assertThat(store.list("bkt", ListQuery.under("", 1000)).contents()).extracting(StoredObject::key)
                .containsExactlyInAnyOrderElementsOf(keys);
        try (Stream<Path> everything = Files.walk(root)) {
            assertThat(everything.filter(p -> !p.startsWith(home))).containsExactly(root);
        }
        assertThat(blobFiles()).allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{32}"));
    }

    @Test
    void keyOver1024Utf8Bytes_isKeyTooLong() {
        String key = "é".repeat(513);
        assertThatThrownBy(() -> put(key, "x")).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo("KeyTooLongError"));
    }

    @Test
    void listing_prefixDelimiterAndCommonPrefixes() throws IOException {
        for (String key : List.of("data/a.csv", "data/b.csv", "data/sub/c", "data/sub/d", "data/", "other")) {
            put(key, key);
        }
        ListPage page = store.list("bkt", new ListQuery("data/", "/", 1000, null, null));
        assertThat(page.contents()).extracting(StoredObject::key).containsExactly("data/", "data/a.csv",
                "data/b.csv");
        assertThat(page.commonPrefixes()).containsExactly("data/sub/");
        assertThat(page.isTruncated()).isFalse();
        ListPage top = store.list("bkt", new ListQuery("", "/", 1000, null, null));
        assertThat(top.contents()).extracting(StoredObject::key).containsExactly("other");
        assertThat(top.commonPrefixes()).containsExactly("data/");
    }

    @Test
    void listing_continuationWalksEveryItemOnce_countingPrefixesAsItems() throws IOException {
        for (String key : List.of("a", "b/1", "b/2", "b/3", "c", "d/1", "e")) {
            put(key, key);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ListPage page = store.list("bkt", new ListQuery("", "/", 2, null, token));
            assertThat(page.keyCount()).isLessThanOrEqualTo(2);
            page.contents().forEach(o -> seen.add(o.key()));
            seen.addAll(page.commonPrefixes());
            token = page.nextToken();
            assertThat(token == null).isEqualTo(!page.isTruncated());
        } while (token != null);
        assertThat(seen).containsExactly("a", "b/", "c", "d/", "e");
    }

    @Test
    void listing_startAfterAndV1MarkerOnACommonPrefix() throws IOException {
        for (String key : List.of("a", "b/1", "b/2", "c")) {
            put(key, key);
        }
        assertThat(store.list("bkt", new ListQuery("", null, 10, "b/1", null)).contents())
                .extracting(StoredObject::key).containsExactly("b/2", "c");
        ListPage afterPrefix = store.list("bkt", new ListQuery("", "/", 10, "b/", null));
        assertThat(afterPrefix.contents()).extracting(StoredObject::key).containsExactly("c");
        assertThat(afterPrefix.commonPrefixes()).isEmpty();
    }

    @Test
    void listing_isUtf8BinaryOrder_notUtf16() throws IOException {
        put("\uFFFD", "replacement char");
        put("😀", "emoji");
        assertThat(store.list("bkt", ListQuery.under("", 10)).contents()).extracting(StoredObject::key)
                .containsExactly("\uFFFD", "😀");
    }

    @Test
    void objectsIterator_walksPrefixInKeyOrderAcrossPages() throws IOException {
        for (int i = 9; i >= 0; i--) {
            put("train/" + i, "x");
        }
        put("test/0", "x");
        put("trainz", "x");
        List<String> keys = new ArrayList<>();
        store.objects("bkt", "train/", 3).forEach(o -> keys.add(o.key()));
        assertThat(keys).hasSize(10).isSorted().allSatisfy(k -> assertThat(k).startsWith("train/"));
    }

    @Test
    void multipartComplete_etagIsMd5OfPartMd5s_andPartsAreRemoved() throws IOException {
        MultipartUploads multipart = store.multipart();
        MultipartUpload upload = multipart.create("bkt", "mp", ObjectMetadata.ofType("text/plain"), null, null);
        byte[] big = new byte[(int) MultipartUploads.MIN_PART_SIZE];
        UploadedPart one = multipart.uploadPart("bkt", "mp", upload.uploadId(), 1, new ByteArrayInputStream(big),
                Set.of(), d -> null);
        UploadedPart two = multipart.uploadPart("bkt", "mp", upload.uploadId(), 2,
                new ByteArrayInputStream("tail".getBytes(StandardCharsets.UTF_8)), Set.of(), d -> null);
        StoredObject done = multipart.complete("bkt", "mp", upload.uploadId(), List.of(
                new CompletedPart(1, one.etag(), null), new CompletedPart(2, two.etag(), null)), null);
        // md5(md5(5 MiB zeros) || md5("tail")) computed independently
        assertThat(done.etag()).isEqualTo(PartSelection.etag(List.of(one, two)));
        assertThat(done.etag()).endsWith("-2\"");
        assertThat(done.size()).isEqualTo(big.length + 4L);
        assertThat(done.metadata().contentType()).isEqualTo("text/plain");
        assertThat(blobFiles()).containsExactly(done.file());
        assertThatThrownBy(() -> multipart.abort("bkt", "mp", upload.uploadId()))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
    }

    @Test
    void concurrentOverwritesAndReads_neverExposeAMixedOrPartialObject() throws Exception {
        put("hot", "v".repeat(100_000));
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String token = Character.toString('a' + w);
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int n = 0; n < 10; n++) {
                        put("hot", token.repeat(100_000));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (writing.get()) {
                        try (OpenObject open = store.open("bkt", "hot");
                             java.io.InputStream in = java.nio.channels.Channels.newInputStream(open.channel())) {
                            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            assertThat(content).hasSize(100_000);
                            assertThat(content.replace(content.substring(0, 1), "")).isEmpty();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failures).isEmpty();
        assertThat(blobFiles()).hasSize(1);
    }

    @Test
    void listUploads_pagesByKeyThenUpload_withMarkersAndCommonPrefixes() {
        MultipartUploads multipart = store.multipart();
        MultipartUpload a1 = multipart.create("bkt", "a", ObjectMetadata.ofType(null), null, null);
        MultipartUpload a2 = multipart.create("bkt", "a", ObjectMetadata.ofType(null), null, null);
        multipart.create("bkt", "dir/x", ObjectMetadata.ofType(null), null, null);
        MultipartUpload z = multipart.create("bkt", "z", ObjectMetadata.ofType(null), null, null);
        UploadsPage first = multipart.listUploads("bkt", "", "/", null, null, 1);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.uploads()).hasSize(1);
        String firstId = first.uploads().get(0).uploadId();
        assertThat(firstId).isIn(a1.uploadId(), a2.uploadId());
        UploadsPage rest = multipart.listUploads("bkt", "", "/", first.nextKeyMarker(), first.nextUploadIdMarker(), 10);
        assertThat(rest.uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(firstId.equals(a1.uploadId()) ? a2.uploadId() : a1.uploadId(), z.uploadId());
        assertThat(rest.commonPrefixes()).containsExactly("dir/");
        assertThat(rest.isTruncated()).isFalse();
    }

    @Test
    void open_reapsTempFilesAndUnreferencedFiles_keepsLiveObjects() throws IOException {
        StoredObject live = put("live", "data");
        Path tmp = home.resolve("objects/tmp/crashed.tmp");
        Files.writeString(tmp, "partial upload");
        Path orphan = home.resolve("objects/blobs/ab/abababababababababababababababab");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "renamed but never committed");
        store = ObjectStore.open(home, state);
        assertThat(tmp).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(read("live")).isEqualTo("data");
        assertThat(live.file()).exists();
    }
}
