package dev.sagebox.transform;

import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.TransformInstanceType;

/**
 * The transform tests' model: {@code src/test/resources/transform/transform-serve.py}, a stdlib serving program that
 * sums CSV and JSON Lines records, reverses binary ones, fails on a field {@code fail}, and prints every new peak of
 * requests in flight. The process image mapping sends {@code transformer} images to it as a BYO directory.
 */
final class TransformFixture {
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/transformer:1.0";
    static final String BUCKET = "transform";
    static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";

    private TransformFixture() {
    }

    static byte[] serveProgram() throws IOException {
        try (InputStream in = TransformFixture.class.getResourceAsStream("/transform/transform-serve.py")) {
            return in.readAllBytes();
        }
    }

    /** Writes the serve program and the image mapping into {@code server}'s data dir, and creates the bucket. */
    static void install(TestServer server) throws IOException {
        Path dir = Files.createDirectories(server.home().resolve("fixture/transformer"));
        Path serve = dir.resolve("serve");
        Files.write(serve, serveProgram());
        Files.setPosixFilePermissions(serve, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/transformer:*", "directory": "%s"}]}
                """.formatted(dir));
        server.s3().createBucket(b -> b.bucket(BUCKET));
    }

    static void createModel(SageMakerClient sm, String name, String image, Map<String, String> env) {
        sm.createModel(b -> b.modelName(name).executionRoleArn(ROLE)
                .primaryContainer(ContainerDefinition.builder().image(image).environment(env).build()));
    }

    /** A job reading {@code s3://transform/<input>} and writing under {@code s3://transform/<output>}. */
    static CreateTransformJobRequest.Builder job(String name, String model, String input, String output,
                                                String contentType, String split) {
        return CreateTransformJobRequest.builder().transformJobName(name).modelName(model)
                .transformInput(i -> i.contentType(contentType).splitType(split)
                        .dataSource(d -> d.s3DataSource(s -> s.s3DataType(S3DataType.S3_PREFIX)
                                .s3Uri("s3://" + BUCKET + "/" + input))))
                .transformOutput(o -> o.s3OutputPath("s3://" + BUCKET + "/" + output))
                .transformResources(r -> r.instanceType(TransformInstanceType.ML_M5_LARGE).instanceCount(1));
    }

    /** Creates the job, waits with the SDK's own waiter (polling every 100 ms) and describes it. */
    static DescribeTransformJobResponse run(SageMakerClient sm, CreateTransformJobRequest.Builder job,
                                            Consumer<CreateTransformJobRequest.Builder> customize) {
        customize.accept(job);
        CreateTransformJobRequest request = job.build();
        sm.createTransformJob(request);
        return await(sm, request.transformJobName());
    }

    static DescribeTransformJobResponse await(SageMakerClient sm, String name) {
        try {
            sm.waiter().waitUntilTransformJobCompletedOrStopped(
                    DescribeTransformJobRequest.builder().transformJobName(name).build(), fastPolling());
        } catch (SdkClientException failed) {
            // The waiter's failure state: the job is Failed, which the caller asserts on.
        }
        return sm.describeTransformJob(b -> b.transformJobName(name));
    }

    static WaiterOverrideConfiguration fastPolling() {
        return WaiterOverrideConfiguration.builder().maxAttempts(1200)
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).build();
    }

    static void put(S3Client s3, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    static byte[] get(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    static boolean exists(S3Client s3, String key) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    /** Every line the job's instances printed, across its streams. */
    static String logs(CloudWatchLogsClient logs, String job) {
        return logs.filterLogEventsPaginator(b -> b.logGroupName("/aws/sagemaker/TransformJobs")
                        .logStreamNamePrefix(job + "/")).events().stream().map(FilteredLogEvent::message)
                .collect(Collectors.joining("\n"));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
