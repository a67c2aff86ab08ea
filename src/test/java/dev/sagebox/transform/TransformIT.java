package dev.sagebox.transform;

import static dev.sagebox.transform.TransformFixture.IMAGE;
import static dev.sagebox.transform.TransformFixture.exists;
import static dev.sagebox.transform.TransformFixture.get;
import static dev.sagebox.transform.TransformFixture.job;
import static dev.sagebox.transform.TransformFixture.put;
import static dev.sagebox.transform.TransformFixture.run;
import static dev.sagebox.transform.TransformFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AssemblyType;
import software.amazon.awssdk.services.sagemaker.model.BatchStrategy;
import software.amazon.awssdk.services.sagemaker.model.CompressionType;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.JoinSource;
import software.amazon.awssdk.services.sagemaker.model.SplitType;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/**
 * Batch transform end to end on the process runtime (CONTRACTS §8.1), driven by the Java SDK: splitting and batching,
 * binary payloads, Gzip, concurrency, execution parameters, DataProcessing and a failing record.
 */
class TransformIT {
    static TestServer server;
    static SageMakerClient sm;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        TransformFixture.install(server);
        TransformFixture.createModel(sm, "summer", IMAGE, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    /** 50k lines of ten integers, about 3 MB: several 1 MB batches. */
    static String csv(int lines, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            for (int f = 0; f < 10; f++) {
                text.append(f == 0 ? "" : ",").append(random.nextInt(2_000_000) - 1_000_000);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** What the model answers for each line, computed here. */
    static String sums(String csv) {
        StringBuilder out = new StringBuilder();
        for (String line : csv.split("\n")) {
            long sum = 0;
            for (String field : line.split(",")) {
                sum += Long.parseLong(field);
            }
            out.append(sum).append('\n');
        }
        return out.toString();
    }

    @Test
    void csvLineSplit_multiRecord1MB_50kLines_matchesLocalComputationLineForLine() {
        String big = csv(50_000, 1);
        String small = csv(10, 2);
        put(s3, "csv/in/big.csv", big.getBytes(StandardCharsets.UTF_8));
        put(s3, "csv/in/sub/small.csv", small.getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("csv-50k", "summer", "csv/in", "csv/out", "text/csv",
                "Line"), j -> j.batchStrategy(BatchStrategy.MULTI_RECORD).maxPayloadInMB(1)
                .transformOutput(o -> o.s3OutputPath("s3://transform/csv/out").accept("text/csv")
                        .assembleWith(AssemblyType.LINE)));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(d.maxPayloadInMB()).isEqualTo(1);
        assertThat(d.batchStrategy()).isEqualTo(BatchStrategy.MULTI_RECORD);
        assertThat(d.transformStartTime()).isNotNull();
        assertThat(d.transformEndTime()).isAfterOrEqualTo(d.transformStartTime());
        String[] expected = sums(big).split("\n");
        String[] actual = text(get(s3, "csv/out/big.csv.out")).split("\n", -1);
        assertThat(actual).hasSize(expected.length + 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("line %d", i + 1).isEqualTo(expected[i]);
        }
        assertThat(text(get(s3, "csv/out/sub/small.csv.out"))).isEqualTo(sums(small));
        assertThat(s3.headObject(b -> b.bucket("transform").key("csv/out/big.csv.out")).contentType())
                .isEqualTo("text/csv");
    }

    /** RecordIO frames of random bytes, newlines and NULs included. */
    static byte[] recordIo(int count, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[1000 + random.nextInt(5000)];
            random.nextBytes(image);
            image[0] = '\n';
            image[1] = 0;
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(0xced7230a).putInt(image.length);
            out.writeBytes(head.array());
            out.writeBytes(image);
            out.writeBytes(new byte[(4 - image.length % 4) % 4]);
        }
        return out.toByteArray();
    }

    /** What the model answers for each frame (the frame reversed), concatenated. */
    static byte[] reversedFrames(byte[] frames) {
        ByteBuffer in = ByteBuffer.wrap(frames).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int start = in.position();
            in.getInt();
            int length = in.getInt() & ((1 << 29) - 1);
            int end = start + 8 + length + (4 - length % 4) % 4;
            for (int i = end - 1; i >= start; i--) {
                out.write(frames[i]);
            }
            in.position(end);
        }
        return out.toByteArray();
    }

    @Test
    void binaryRecordIo_singleRecord_eachFrameSentAlone_bytesIntact() {
        byte[] frames = recordIo(40, 3);
        put(s3, "bin/in/images.rec", frames);

        DescribeTransformJobResponse d = run(sm, job("binary", "summer", "bin/in/images.rec", "bin/out",
                "application/x-image", "RecordIO"), j -> j.batchStrategy(BatchStrategy.SINGLE_RECORD));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(get(s3, "bin/out/images.rec.out")).isEqualTo(reversedFrames(frames));
    }

    @Test
    void gzipInput_isDecompressedBeforeSplitting() throws IOException {
        String rows = csv(2_000, 4);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(rows.getBytes(StandardCharsets.UTF_8));
        }
        put(s3, "gz/in/rows.csv.gz", zipped.toByteArray());

        DescribeTransformJobResponse d = run(sm, job("gzip", "summer", "gz/in/", "gz/out", "text/csv", "Line"),
                j -> j.transformInput(i -> i.contentType("text/csv").splitType(SplitType.LINE)
                        .compressionType(CompressionType.GZIP).dataSource(s -> s.s3DataSource(x -> x
                                .s3DataType("S3Prefix").s3Uri("s3://transform/gz/in/")))));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(text(get(s3, "gz/out/rows.csv.gz.out"))).isEqualTo(sums(rows));
    }

    @Test
    void maxConcurrentTransforms4_modelServerSeesFourInFlight() {
        TransformFixture.createModel(sm, "slow", IMAGE, Map.of("SLEEP_MS", "150"));
        put(s3, "conc/in/rows.csv", csv(48, 5).getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("conc", "slow", "conc/in", "conc/out", "text/csv", "Line"),
                j -> j.batchStrategy(BatchStrategy.SINGLE_RECORD).maxConcurrentTransforms(4));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(d.maxConcurrentTransforms()).isEqualTo(4);
        String logs = TransformFixture.logs(server.logs(), "conc");
        assertThat(logs).contains("peak in flight: 4").doesNotContain("peak in flight: 5");
        assertThat(logs).contains("strategy=SINGLE_RECORD").contains("concurrency=4");
        assertThat(text(get(s3, "conc/out/rows.csv.out"))).isEqualTo(sums(csv(48, 5)));
    }

    @Test
    void executionParameters_fillWhatTheUserLeftOut() {
        TransformFixture.createModel(sm, "params", IMAGE, Map.of("EXEC_PARAMS",
                "{\"MaxConcurrentTransforms\":3,\"BatchStrategy\":\"SINGLE_RECORD\",\"MaxPayloadInMB\":2}"));
        put(s3, "params/in/rows.csv", csv(20, 6).getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("params", "params", "params/in", "params/out", "text/csv",
                "Line"), j -> j.maxPayloadInMB(1));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(d.maxConcurrentTransforms()).isEqualTo(3);
        assertThat(d.batchStrategy()).isEqualTo(BatchStrategy.SINGLE_RECORD);
        assertThat(d.maxPayloadInMB()).isEqualTo(1);
    }

    @Test
    void inferencePipeline_batchesGoThroughTheContainersInOrder_eachLoggingToItsOwnStream() {
        sm.createModel(b -> b.modelName("pipeline").executionRoleArn(TransformFixture.ROLE).containers(
                ContainerDefinition.builder().containerHostname("summer").image(IMAGE).build(),
                ContainerDefinition.builder().containerHostname("scaler").image(IMAGE)
                        .environment(Map.of("CSV_SCALE", "10")).build()));
        put(s3, "pipeline/in/rows.csv", "1,2\n3,4\n5\n".getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("pipeline", "pipeline", "pipeline/in", "pipeline/out",
                "text/csv", "Line"), j -> j.batchStrategy(BatchStrategy.MULTI_RECORD));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        // The first container sums each line (text/csv), the second scales each sum by ten.
        assertThat(text(get(s3, "pipeline/out/rows.csv.out"))).isEqualTo("30\n70\n50\n");
        try (CloudWatchLogsClient logs = server.logs()) {
            List<String> streams = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TransformJobs")
                    .logStreamNamePrefix("pipeline/")).logStreams().stream().map(LogStream::logStreamName).toList();
            assertThat(streams).anyMatch(n -> n.matches("pipeline/i-[0-9a-f]{17}-\\d+/summer"))
                    .anyMatch(n -> n.matches("pipeline/i-[0-9a-f]{17}-\\d+/scaler"));
        }
    }

    @Test
    void inferencePipeline_secondContainerRefusing_failsTheJobNamingThatContainer() {
        sm.createModel(b -> b.modelName("pipeline-strict").executionRoleArn(TransformFixture.ROLE).containers(
                ContainerDefinition.builder().containerHostname("summer").image(IMAGE).build(),
                ContainerDefinition.builder().containerHostname("strict").image(IMAGE)
                        .environment(Map.of("EXPECT_FIELDS", "3")).build()));
        put(s3, "strict/in/rows.csv", "1,2\n".getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("strict", "pipeline-strict", "strict/in", "strict/out",
                "text/csv", "Line"), j -> { });

        assertThat(d.transformJobStatus()).isEqualTo(TransformJobStatus.FAILED);
        assertThat(d.failureReason()).contains("(pipeline container strict) answered 400");
    }

    @Test
    void joinSourceInput_withFilters_keepsIdAndPrediction() {
        TransformFixture.createModel(sm, "three", IMAGE, Map.of("EXPECT_FIELDS", "3"));
        put(s3, "join/in/rows.csv", "id-1,1,2,3\nid-2,10,20,30\n\"x,y\",5,5,5\n".getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("join", "three", "join/in", "join/out", "text/csv", "Line"),
                j -> j.dataProcessing(p -> p.inputFilter("$[1:]").joinSource(JoinSource.INPUT)
                        .outputFilter("$[0,-1]")).batchStrategy(BatchStrategy.MULTI_RECORD));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(d.dataProcessing().joinSource()).isEqualTo(JoinSource.INPUT);
        assertThat(text(get(s3, "join/out/rows.csv.out"))).isEqualTo("id-1,6\nid-2,60\n\"x,y\",15\n");
    }

    @Test
    void joinSourceInput_jsonLines_objectGainsSageMakerOutput() {
        put(s3, "jsonl/in/rows.jsonl", "{\"id\":1,\"features\":[1,2]}\n{\"id\":2,\"features\":[3,4]}\n"
                .getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("jsonl", "summer", "jsonl/in", "jsonl/out",
                "application/jsonlines", "Line"), j -> j.dataProcessing(p -> p.joinSource(JoinSource.INPUT)
                .outputFilter("$['id','SageMakerOutput']")));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(text(get(s3, "jsonl/out/rows.jsonl.out")))
                .isEqualTo("{\"id\":1,\"SageMakerOutput\":3}\n{\"id\":2,\"SageMakerOutput\":7}\n");
    }

    @Test
    void manifestFile_readsTheListedObjects_outputKeysRelativeToItsPrefix() {
        put(s3, "mf/data/one.csv", "1,1\n".getBytes(StandardCharsets.UTF_8));
        put(s3, "mf/data/sub/two.csv", "2,2\n".getBytes(StandardCharsets.UTF_8));
        put(s3, "mf/data/unlisted.csv", "9,9\n".getBytes(StandardCharsets.UTF_8));
        put(s3, "mf/list.manifest", "[{\"prefix\": \"s3://transform/mf/data/\"}, \"one.csv\", \"sub/two.csv\"]"
                .getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("manifest", "summer", "mf/list.manifest", "mf/out", "text/csv",
                "Line"), j -> j.transformInput(i -> i.contentType("text/csv").splitType(SplitType.LINE)
                .dataSource(s -> s.s3DataSource(x -> x.s3DataType("ManifestFile")
                        .s3Uri("s3://transform/mf/list.manifest")))));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(text(get(s3, "mf/out/one.csv.out"))).isEqualTo("2\n");
        assertThat(text(get(s3, "mf/out/sub/two.csv.out"))).isEqualTo("4\n");
        assertThat(exists(s3, "mf/out/unlisted.csv.out")).isFalse();
    }

    @Test
    void failingRecord_failsJobNamingFileAndOffset_finishedFilesKept_failedFileNotWritten() {
        put(s3, "fail/in/a.csv", "1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        put(s3, "fail/in/b.csv", "1,2\n3,fail\n5,6\n".getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("fail", "summer", "fail/in", "fail/out", "text/csv", "Line"),
                j -> j.batchStrategy(BatchStrategy.SINGLE_RECORD).modelClientConfig(c -> c.invocationsMaxRetries(1)));

        assertThat(d.transformJobStatus()).isEqualTo(TransformJobStatus.FAILED);
        assertThat(d.failureReason()).startsWith("AlgorithmError: See job logs for more information")
                .contains("byte offset 4 of s3://transform/fail/in/b.csv").contains("answered 500")
                .contains("cannot transform the record 3,fail").contains("2 attempts");
        assertThat(text(get(s3, "fail/out/a.csv.out"))).isEqualTo("3\n7\n");
        assertThat(exists(s3, "fail/out/b.csv.out")).isFalse();
        assertThat(TransformFixture.logs(server.logs(), "fail")).contains("byte offset 4");
    }
}
