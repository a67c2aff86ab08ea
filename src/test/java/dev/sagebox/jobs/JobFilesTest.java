package dev.sagebox.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /opt/ml layout, resourceconfig.json, channel staging and tar.gz archives, on real files. */
class JobFilesTest {
    @Test
    void rewrite_replacesOnlyOptMlPathPrefixes(@TempDir Path dir) throws IOException {
        OptMl layout = OptMl.create(dir);
        assertThat(layout.rewrite("--model-dir=/opt/ml/model")).isEqualTo("--model-dir=" + layout.root() + "/model");
        assertThat(layout.rewrite("/opt/ml")).isEqualTo(layout.root().toString());
        assertThat(layout.rewrite("/opt/mlflow/x and /x/opt/ml/y")).isEqualTo("/opt/mlflow/x and /x/opt/ml/y");
        assertThat(Files.isDirectory(layout.outputData())).isTrue();
        assertThat(Files.isDirectory(layout.config())).isTrue();
    }

    @Test
    void resourceConfig_groups_numberHostsAcrossGroupsWithBothGroupKeys() {
        List<ResourceConfigFile.Group> groups = List.of(new ResourceConfigFile.Group("a", "ml.m5.xlarge", 1),
                new ResourceConfigFile.Group("b", "ml.p3.2xlarge", 2));
        Map<String, Object> content = ResourceConfigFile.content(groups, 2);
        assertThat(content).containsEntry("current_host", "algo-3")
                .containsEntry("current_group_name", "b").containsEntry("current_instance_group", "b")
                .containsEntry("current_instance_type", "ml.p3.2xlarge")
                .containsEntry("hosts", List.of("algo-1", "algo-2", "algo-3"))
                .containsEntry("network_interface_name", "eth0");
        assertThat(content.get("instance_groups").toString()).contains("hosts=[algo-2, algo-3]");
    }

    @Test
    void stage_s3Prefix_hardLinksStoredFilesAtRelativePaths(@TempDir Path dir) throws Exception {
        Path stored = Files.createDirectories(dir.resolve("store"));
        Path a = Files.writeString(stored.resolve("1"), "aaa");
        Path b = Files.writeString(stored.resolve("2"), "bb");
        ObjectFiles objects = listing(List.of(new ObjectFiles.ObjectFile("data/x.csv", a, 3),
                new ObjectFiles.ObjectFile("data/sub/y.csv", b, 2)));
        Path channel = dir.resolve("ch");
        List<StagedFile> staged = new ChannelStager(objects, false).stage("train", "s3://bkt/data/", "S3Prefix",
                channel, 0, 1, false);
        assertThat(staged).extracting(StagedFile::source)
                .containsExactly("s3://bkt/data/x.csv", "s3://bkt/data/sub/y.csv");
        assertThat(Files.isSameFile(channel.resolve("x.csv"), a)).isTrue();
        assertThat(Files.readString(channel.resolve("sub/y.csv"))).isEqualTo("bb");
        assertThat(ChannelStager.firstModified(staged)).isEmpty();
    }

    @Test
    void stage_shardedByS3Key_givesObjectIToHostIModN(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        ObjectFiles objects = listing(List.of(new ObjectFiles.ObjectFile("p/0", f, 1),
                new ObjectFiles.ObjectFile("p/1", f, 1), new ObjectFiles.ObjectFile("p/2", f, 1)));
        List<StagedFile> host2 = new ChannelStager(objects, true).stage("c", "s3://b/p/", "S3Prefix",
                dir.resolve("h2"), 1, 2, true);
        assertThat(host2).extracting(StagedFile::source).containsExactly("s3://b/p/1");
    }

    @Test
    void stage_exactObjectKey_isSingleFileChannel_andEscapingKeyIsRefused(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        ObjectFiles objects = listing(List.of(new ObjectFiles.ObjectFile("p/train.csv", f, 1)));
        new ChannelStager(objects, false).stage("c", "s3://b/p/train.csv", "S3Prefix", dir.resolve("c"), 0, 1,
                false);
        assertThat(dir.resolve("c/train.csv")).exists();
        ObjectFiles evil = listing(List.of(new ObjectFiles.ObjectFile("p/../../etc/x", f, 1)));
        assertThatThrownBy(() -> new ChannelStager(evil, false).stage("c", "s3://b/p/", "S3Prefix",
                dir.resolve("d"), 0, 1, false)).isInstanceOf(StagingException.class)
                .hasMessageContaining("outside its channel directory");
    }

    @Test
    void stage_noObjects_isClientErrorInAwsWords(@TempDir Path dir) {
        assertThatThrownBy(() -> new ChannelStager(listing(List.of()), false).stage("c", "s3://b/none/",
                "S3Prefix", dir.resolve("c"), 0, 1, false))
                .hasMessage("No S3 objects found under S3 URL \"s3://b/none/\" given in input data source.");
    }

    @Test
    void tarGz_mergesDirectoriesFirstWinsWithRelativeNamesAndLongNames(@TempDir Path dir) throws Exception {
        Path one = Files.createDirectories(dir.resolve("one/sub"));
        Files.writeString(one.resolve("a.txt"), "from one");
        Path two = Files.createDirectories(dir.resolve("two/sub"));
        Files.writeString(two.resolve("a.txt"), "from two");
        String longName = "n".repeat(120) + ".bin";
        Files.writeString(dir.resolve("two").resolve(longName), "long");
        Path archive = dir.resolve("model.tar.gz");
        TarGz.write(List.of(dir.resolve("one"), dir.resolve("two")), archive);
        Process list = new ProcessBuilder("tar", "-tzf", archive.toString()).start();
        List<String> names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertThat(names).containsExactlyInAnyOrder("sub/", "sub/a.txt", longName);
        Process read = new ProcessBuilder("tar", "-xzOf", archive.toString(), "sub/a.txt").start();
        assertThat(new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from one");
    }

    private static ObjectFiles listing(List<ObjectFiles.ObjectFile> all) {
        return new ObjectFiles() {
            @Override
            public List<ObjectFile> list(String bucket, String prefix) {
                return all.stream().filter(o -> o.key().startsWith(prefix)).toList();
            }

            @Override
            public void put(String bucket, String key, Path file) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
