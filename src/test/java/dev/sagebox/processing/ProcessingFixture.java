package dev.sagebox.processing;

import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataDistributionType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;

/**
 * A server's clients plus the bucket, code and request shapes the processing tests share. Scripts go up to
 * {@code s3://<bucket>/code/} and land at {@code /opt/ml/processing/input/code}, as the SageMaker Python SDK stages a
 * processor's code.
 */
final class ProcessingFixture {
    static final String BUCKET = "proc";
    static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
    static final String CODE_DIR = "/opt/ml/processing/input/code";

    final SageMakerClient sm;
    final S3Client s3;

    ProcessingFixture(TestServer server) {
        this.sm = server.sageMaker();
        this.s3 = server.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String script : List.of("job.py", "preprocess.py")) {
            put("code/" + script, resource("/processing/" + script));
        }
    }

    void close() {
        sm.close();
        s3.close();
    }

    static String resource(String path) {
        try (InputStream in = ProcessingFixture.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    String get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    /** Polls until {@code key} exists, and says whether it did before the deadline. */
    boolean awaitObject(String key) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (exists(key)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return false;
    }

    /** Polls the job's log streams until a line equal to {@code line} shows up. */
    static void awaitLogLine(TestServer server, String job, String line) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        try (CloudWatchLogsClient logs = server.logs()) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (logs.filterLogEvents(b -> b.logGroupName("/aws/sagemaker/ProcessingJobs")
                            .logStreamNamePrefix(job + "/")).events().stream()
                            .anyMatch(e -> e.message().equals(line))) {
                        return;
                    }
                } catch (ResourceNotFoundException e) {
                    // the group appears with the first job's first line
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new AssertionError("job " + job + " never logged " + line);
    }

    boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    static String uri(String key) {
        return "s3://" + BUCKET + "/" + key;
    }

    static ProcessingInput input(String name, String key, String localPath, ProcessingS3DataDistributionType type) {
        return ProcessingInput.builder().inputName(name).s3Input(s -> s.s3Uri(uri(key)).localPath(localPath)
                .s3DataType("S3Prefix").s3InputMode("File").s3DataDistributionType(type)).build();
    }

    static ProcessingOutput output(String name, String localPath, String key, ProcessingS3UploadMode mode) {
        return ProcessingOutput.builder().outputName(name).s3Output(s -> s.s3Uri(uri(key)).localPath(localPath)
                .s3UploadMode(mode)).build();
    }

    /** A job running {@code code/<script>} with {@code python3}, the code input staged, the given arguments. */
    static CreateProcessingJobRequest.Builder job(String name, String image, String script, String... arguments) {
        return CreateProcessingJobRequest.builder().processingJobName(name).roleArn(ROLE)
                .appSpecification(a -> a.imageUri(image).containerEntrypoint("python3", CODE_DIR + "/" + script)
                        .containerArguments(arguments.length == 0 ? null : List.of(arguments)))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.xlarge")
                        .volumeSizeInGB(10)))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600))
                .processingInputs(input("code", "code/", CODE_DIR, ProcessingS3DataDistributionType.FULLY_REPLICATED));
    }

    DescribeProcessingJobResponse await(String name, Predicate<DescribeProcessingJobResponse> done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            DescribeProcessingJobResponse job = sm.describeProcessingJob(b -> b.processingJobName(name));
            if (done.test(job)) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("processing job " + name + " is still " + job.processingJobStatus());
            }
            // Poll as the SDK waiters do, only faster: a short pause between Describe calls, never a fixed sleep.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    DescribeProcessingJobResponse awaitEnd(String name) {
        return await(name, j -> j.processingJobStatus() == ProcessingJobStatus.COMPLETED
                || j.processingJobStatus() == ProcessingJobStatus.FAILED
                || j.processingJobStatus() == ProcessingJobStatus.STOPPED);
    }
}
