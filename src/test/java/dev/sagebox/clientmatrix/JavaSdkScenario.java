package dev.sagebox.clientmatrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The client matrix scenario driven by the AWS SDK for Java v2, step for step as the scripts under {@code clients/}
 * do it, producing the same transcript. Its waiters poll every 200 ms instead of the model's 120 s / 30 s.
 */
final class JavaSdkScenario {
    static final String TRAIN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-train:1";
    static final String SERVE_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-serve:1";
    private static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
    private static final String GROUP = "/aws/sagemaker/TrainingJobs";

    private final S3Client s3;
    private final SageMakerClient sm;
    private final SageMakerRuntimeClient rt;
    private final CloudWatchLogsClient logs;
    private final SageMakerWaiter waiter;
    private final String p;

    private JavaSdkScenario(TestServer server, String prefix) {
        s3 = server.s3();
        sm = server.sageMaker();
        rt = server.sageMakerRuntime();
        logs = server.logs();
        waiter = SageMakerWaiter.builder().client(sm).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .maxAttempts(600).backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200))).build())
                .build();
        p = prefix;
    }

    /** Runs the whole scenario against {@code server} with resources named {@code <prefix>-…}. */
    static JsonNode run(TestServer server, String prefix) {
        JavaSdkScenario scenario = new JavaSdkScenario(server, prefix);
        try {
            return scenario.transcript();
        } finally {
            scenario.close();
        }
    }

    private JsonNode transcript() {
        ObjectNode out = Transcripts.JSON.createObjectNode();
        out.set("s3", s3Steps(p + "-data"));
        out.set("training", trainingSteps());
        out.set("logs", logSteps(p + "-train"));
        out.set("hosting", hostingSteps(out.get("training").get("describe").get("S3ModelArtifacts").asText()));
        ObjectNode errors = out.putObject("errors");
        errors.set("describeMissingTrainingJob", error(() -> sm.describeTrainingJob(b -> b.trainingJobName(
                p + "-nojob"))));
        errors.set("invokeMissingEndpoint", error(() -> rt.invokeEndpoint(b -> b.endpointName(p + "-noep")
                .contentType("application/json").body(SdkBytes.fromUtf8String("[1]")))));
        errors.set("getMissingObject", error(() -> s3.getObjectAsBytes(b -> b.bucket(p + "-data")
                .key("train/missing.csv"))));
        return out;
    }

    private ObjectNode s3Steps(String bucket) {
        ObjectNode out = Transcripts.JSON.createObjectNode();
        out.putObject("createBucket").put("Location", s3.createBucket(b -> b.bucket(bucket)).location());
        out.putObject("putObject").put("ETag", s3.putObject(b -> b.bucket(bucket).key("train/data.csv"),
                RequestBody.fromString("1\n2\n3\n")).eTag());
        var listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix("train/"));
        ObjectNode list = out.putObject("listObjectsV2").put("KeyCount", listed.keyCount());
        listed.contents().forEach(o -> list.withArray("Keys").add(o.key()));
        var got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("train/data.csv"));
        out.putObject("getObject").put("Body", got.asUtf8String()).put("ContentLength",
                got.response().contentLength());
        return out;
    }

    private ObjectNode trainingSteps() {
        String job = p + "-train";
        String arn = sm.createTrainingJob(b -> b.trainingJobName(job).roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(TRAIN_IMAGE).trainingInputMode("File")
                        .metricDefinitions(MetricDefinition.builder().name("train:loss").regex("loss=([0-9.]+)").build()))
                .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://" + p + "-data/train/"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://" + p + "-data/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600))).trainingJobArn();
        ObjectNode out = Transcripts.JSON.createObjectNode();
        out.putObject("create").put("TrainingJobArn", arn);
        out.put("waiter", waited(() -> waiter.waitUntilTrainingJobCompletedOrStopped(b -> b.trainingJobName(job))));
        DescribeTrainingJobResponse d = sm.describeTrainingJob(b -> b.trainingJobName(job));
        ObjectNode describe = out.putObject("describe").put("TrainingJobStatus", d.trainingJobStatusAsString())
                .put("SecondaryStatus", d.secondaryStatusAsString())
                .put("S3ModelArtifacts", d.modelArtifacts().s3ModelArtifacts())
                .put("InstanceType", d.resourceConfig().instanceTypeAsString())
                .put("KmsKeyId", d.outputDataConfig().kmsKeyId());
        ArrayNode transitions = describe.putArray("SecondaryStatusTransitions");
        d.secondaryStatusTransitions().forEach(t -> transitions.add(t.statusAsString()));
        ObjectNode metrics = describe.putObject("FinalMetrics");
        d.finalMetricDataList().forEach(m -> metrics.put(m.metricName(), m.value()));
        return out;
    }

    private ObjectNode logSteps(String job) {
        List<String> names = logs.describeLogStreams(b -> b.logGroupName(GROUP).logStreamNamePrefix(job + "/"))
                .logStreams().stream().map(s -> s.logStreamName()).toList();
        List<String> messages = new ArrayList<>();
        String token = null;
        for (int calls = 0; calls < 100; calls++) {
            String sent = token;
            GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(names.getFirst())
                    .startFromHead(true).nextToken(sent));
            page.events().stream().map(OutputLogEvent::message).forEach(messages::add);
            if (page.nextForwardToken().equals(sent)) {
                break;
            }
            token = page.nextForwardToken();
        }
        ObjectNode out = Transcripts.JSON.createObjectNode();
        names.forEach(out.withArray("logStreamNames")::add);
        ArrayNode lines = out.putArray("messages");
        messages.stream().filter(m -> m.startsWith("mx: ")).forEach(lines::add);
        return out;
    }

    private ObjectNode hostingSteps(String artifacts) {
        String model = p + "-model";
        String config = p + "-config";
        String endpoint = p + "-ep";
        ObjectNode out = Transcripts.JSON.createObjectNode();
        out.put("createModel", sm.createModel(b -> b.modelName(model).executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(SERVE_IMAGE).modelDataUrl(artifacts))).modelArn());
        out.put("createEndpointConfig", sm.createEndpointConfig(b -> b.endpointConfigName(config)
                .productionVariants(ProductionVariant.builder().variantName("AllTraffic").modelName(model)
                        .initialInstanceCount(1).instanceType("ml.m5.large").build())).endpointConfigArn());
        out.put("createEndpoint", sm.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName(config))
                .endpointArn());
        out.put("inServiceWaiter", waited(() -> waiter.waitUntilEndpointInService(b -> b.endpointName(endpoint))));
        DescribeEndpointResponse d = sm.describeEndpoint(b -> b.endpointName(endpoint));
        ObjectNode describe = out.putObject("describeEndpoint").put("EndpointStatus", d.endpointStatusAsString())
                .put("EndpointConfigName", d.endpointConfigName());
        ArrayNode variants = describe.putArray("ProductionVariants");
        d.productionVariants().forEach(v -> variants.addObject().put("VariantName", v.variantName())
                .put("CurrentInstanceCount", v.currentInstanceCount()).put("CurrentWeight", v.currentWeight()));
        InvokeEndpointResponse r = rt.invokeEndpoint(b -> b.endpointName(endpoint).contentType("application/json")
                .accept("application/json").body(SdkBytes.fromString("[1, 2]", StandardCharsets.UTF_8)));
        ObjectNode invoke = out.putObject("invoke").put("ContentType", r.contentType())
                .put("InvokedProductionVariant", r.invokedProductionVariant());
        invoke.set("Body", Transcripts.parseLastLine(r.body().asUtf8String()));
        sm.deleteEndpoint(b -> b.endpointName(endpoint));
        out.put("deleteEndpoint", "ok");
        out.put("deletedWaiter", waited(() -> waiter.waitUntilEndpointDeleted(b -> b.endpointName(endpoint))));
        out.set("describeDeleted", error(() -> sm.describeEndpoint(b -> b.endpointName(endpoint))));
        sm.deleteEndpointConfig(b -> b.endpointConfigName(config));
        out.put("deleteEndpointConfig", "ok");
        sm.deleteModel(b -> b.modelName(model));
        out.put("deleteModel", "ok");
        return out;
    }

    /** "success" when the waiter matched a success acceptor; the SDK throws when it matched a failure one. */
    private static String waited(Supplier<?> wait) {
        try {
            wait.get();
            return "success";
        } catch (SdkClientException e) {
            return "waiter error: " + e.getMessage();
        }
    }

    /** What a failing call threw: code, HTTP status and message, as the transcript records every error. */
    private static ObjectNode error(Supplier<?> call) {
        ObjectNode out = Transcripts.JSON.createObjectNode();
        try {
            call.get();
            return out.put("Code", "no error");
        } catch (AwsServiceException e) {
            return out.put("Code", e.awsErrorDetails().errorCode()).put("HTTPStatus", e.statusCode())
                    .put("Message", e.awsErrorDetails().errorMessage());
        }
    }

    private void close() {
        s3.close();
        sm.close();
        rt.close();
        logs.close();
        waiter.close();
    }
}
