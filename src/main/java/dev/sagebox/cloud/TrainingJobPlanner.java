package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Plans {@code sagebox promote training-job}: reads the local job through the local server's DescribeTrainingJob,
 * lists its channels and script-mode source in the local S3, and turns the description into the target's
 * CreateTrainingJob with the same hyperparameters, metric definitions, environment, stopping condition and
 * checkpoint config, the bucket rewritten, the image mapped and the given role.
 */
public final class TrainingJobPlanner {
    /** The CreateTrainingJob members that DescribeTrainingJob also returns, in the order the plan shows them. */
    private static final List<String> CREATE_MEMBERS = List.of("TrainingJobName", "RoleArn", "AlgorithmSpecification",
            "HyperParameters", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition",
            "CheckpointConfig", "Environment", "VpcConfig", "EnableNetworkIsolation",
            "EnableInterContainerTrafficEncryption", "EnableManagedSpotTraining", "RetryStrategy",
            "DebugHookConfig", "TensorBoardOutputConfig");
    static final String SUBMIT_DIRECTORY = "sagemaker_submit_directory";

    private final AwsJsonClient localSageMaker;
    private final S3Client localS3;

    public TrainingJobPlanner(AwsJsonClient localSageMaker, S3Client localS3) {
        this.localSageMaker = localSageMaker;
        this.localS3 = localS3;
    }

    public Plan plan(String name, PromoteOptions options, String region, S3Client targetS3, StsClient targetSts)
            throws CloudException {
        options.validate();
        JsonNode job = describe(name);
        ImageMapping.Mapped image = options.images().map(job.path("AlgorithmSpecification").path("TrainingImage")
                .asText(), region);
        instanceTypeOf(job.path("ResourceConfig"), options);
        TargetBucket bucket = TargetBucket.choose(options.bucket(), region, targetS3, targetSts);
        List<CopyItem> objects = objects(job, bucket.name());
        ObjectNode request = AwsJsonClient.object();
        for (String member : CREATE_MEMBERS) {
            if (job.has(member)) {
                request.set(member, job.get(member).deepCopy());
            }
        }
        request.put("TrainingJobName", options.newName() == null ? name : options.newName());
        request.put("RoleArn", options.role());
        ((ObjectNode) request.path("AlgorithmSpecification")).put("TrainingImage", image.target());
        if (options.instanceType() != null) {
            ((ObjectNode) request.path("ResourceConfig")).put("InstanceType", options.instanceType());
        }
        S3Uris.rewriteAll(request, bucket.name());
        S3Uris.dropEmpty(request);
        return new Plan(region, bucket.name(), bucket.create(), objects, List.of(image),
                List.of(new Plan.Call("CreateTrainingJob", request)));
    }

    private JsonNode describe(String name) throws CloudException {
        try {
            return localSageMaker.call("DescribeTrainingJob", Map.of("TrainingJobName", name));
        } catch (CloudException e) {
            if ("ValidationException".equals(e.code())) {
                throw new CloudException("no training job named '" + name + "' in the local Sagebox at "
                        + localSageMaker.endpoint() + " (see `aws sagemaker list-training-jobs`)", e);
            }
            throw new CloudException("cannot read the local training job from the Sagebox server at "
                    + localSageMaker.endpoint() + " (is `sagebox up` running?): " + e.getMessage(), e);
        }
    }

    /** Refuses Sagebox's {@code local} instance types unless {@code --instance-type} replaces them. */
    static void instanceTypeOf(JsonNode resourceConfig, PromoteOptions options) throws CloudException {
        String type = resourceConfig.path("InstanceType").asText("");
        if (options.instanceType() == null && !type.startsWith("ml.")) {
            throw new CloudException("the local job runs on instance type '" + type + "', which SageMaker does not"
                    + " have: pass --instance-type ml.<type>");
        }
    }

    /** The channels' objects and the script-mode source tarball, each once; keys stay, the bucket changes. */
    private List<CopyItem> objects(JsonNode job, String targetBucket) throws CloudException {
        LocalObjects local = new LocalObjects(localS3, "the local Sagebox");
        List<CopyItem> items = new ArrayList<>();
        for (JsonNode channel : job.path("InputDataConfig")) {
            String channelName = channel.path("ChannelName").asText();
            JsonNode s3 = channel.path("DataSource").path("S3DataSource");
            if (s3.isMissingNode()) {
                throw new CloudException("channel " + channelName + " is not an S3 channel; only S3 channels can be"
                        + " promoted");
            }
            String type = s3.path("S3DataType").asText("S3Prefix");
            String[] uri = S3Uris.parse(s3.path("S3Uri").asText());
            if (uri == null) {
                throw new CloudException("channel " + channelName + " reads " + s3.path("S3Uri").asText()
                        + ", which is not in S3; upload it to the local S3 first");
            }
            if (!type.equals("S3Prefix")) {
                throw new CloudException("channel " + channelName + " is a " + type + " channel; only S3Prefix"
                        + " channels can be promoted (a manifest names its objects by URI)");
            }
            items.addAll(local.underPrefix(uri[0], uri[1], targetBucket, "channel " + channelName));
        }
        JsonNode submit = job.path("HyperParameters").path(SUBMIT_DIRECTORY);
        String[] source = submit.isTextual() ? S3Uris.parse(submit.asText()) : null;
        if (source != null) {
            items.add(local.object(source[0], source[1], targetBucket, "the script-mode source"));
        }
        return distinct(items);
    }

    /** Drops repeats; two different sources that would land on one target key are an error. */
    static List<CopyItem> distinct(List<CopyItem> items) throws CloudException {
        Map<String, CopyItem> byTarget = new java.util.LinkedHashMap<>();
        for (CopyItem item : items) {
            CopyItem earlier = byTarget.putIfAbsent(item.targetUri(), item);
            if (earlier != null && !earlier.sourceUri().equals(item.sourceUri())) {
                throw new CloudException(earlier.sourceUri() + " and " + item.sourceUri() + " would both be copied to "
                        + item.targetUri() + "; keep keys distinct across buckets");
            }
        }
        return List.copyOf(byTarget.values());
    }
}
