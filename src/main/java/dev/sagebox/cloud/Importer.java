package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code sagebox import}: copies a cloud training job's or model's description and model data into the local Sagebox,
 * keeping every S3 URI (the local S3 gets the same bucket and key), so a local model and endpoint can be made from it
 * offline. Imported resources carry the tag {@value #IMPORTED_FROM} with their cloud ARN.
 */
public final class Importer {
    public static final String IMPORTED_FROM = "sagebox:imported-from";
    /** Sagebox's own JSON target prefix for what SageMaker has no operation for. */
    public static final String IMPORT_SERVICE = "SageboxImport";

    private final AwsJsonClient cloudSageMaker;
    private final S3Client cloudS3;
    private final AwsJsonClient localSageMaker;
    private final AwsJsonClient localImport;
    private final S3Client localS3;
    private final ObjectCopier copier;
    private final PrintWriter out;

    public Importer(AwsJsonClient cloudSageMaker, S3Client cloudS3, AwsJsonClient localSageMaker,
                    AwsJsonClient localImport, S3Client localS3, ObjectCopier copier, PrintWriter out) {
        this.cloudSageMaker = cloudSageMaker;
        this.cloudS3 = cloudS3;
        this.localSageMaker = localSageMaker;
        this.localImport = localImport;
        this.localS3 = localS3;
        this.copier = copier;
        this.out = out;
    }

    /** Imports a Completed cloud training job; returns its local ARN. */
    public String trainingJob(String name) throws CloudException {
        JsonNode job = describe("DescribeTrainingJob", Map.of("TrainingJobName", name), "training job " + name);
        String status = job.path("TrainingJobStatus").asText();
        String artifacts = job.path("ModelArtifacts").path("S3ModelArtifacts").asText("");
        if (!status.equals("Completed") || artifacts.isEmpty()) {
            throw new CloudException("the cloud training job " + name + " is " + status + " and has no model to"
                    + " import; only Completed jobs can be imported");
        }
        copyHome(List.of(artifacts), "the model artifacts");
        ObjectNode request = AwsJsonClient.object();
        request.set("TrainingJob", job);
        request.put("SourceArn", job.path("TrainingJobArn").asText());
        request.set("ModelArtifacts", job.path("ModelArtifacts"));
        copyMember(job, request, "FinalMetricDataList");
        copyMember(job, request, "TrainingStartTime");
        copyMember(job, request, "TrainingEndTime");
        return local(localImport, "ImportTrainingJob", request, "training job " + name)
                .path("TrainingJobArn").asText();
    }

    /** Imports a cloud model (single or multi-container) with its model data; returns its local ARN. */
    public String model(String name) throws CloudException {
        JsonNode model = describe("DescribeModel", Map.of("ModelName", name), "model " + name);
        List<JsonNode> containers = new ArrayList<>();
        if (model.has("PrimaryContainer")) {
            containers.add(model.get("PrimaryContainer"));
        }
        model.path("Containers").forEach(containers::add);
        List<String> uris = new ArrayList<>();
        for (JsonNode container : containers) {
            addUri(uris, container.path("ModelDataUrl").asText(""));
            addUri(uris, container.path("Environment").path("SAGEMAKER_SUBMIT_DIRECTORY").asText(""));
        }
        copyHome(uris, "the model data");
        ObjectNode request = AwsJsonClient.object();
        request.put("ModelName", name);
        for (String member : List.of("PrimaryContainer", "Containers", "InferenceExecutionConfig",
                "ExecutionRoleArn", "EnableNetworkIsolation")) {
            copyMember(model, request, member);
        }
        ArrayNode tags = request.putArray("Tags");
        tags.addObject().put("Key", IMPORTED_FROM).put("Value", model.path("ModelArn").asText());
        S3Uris.dropEmpty(request);
        local(localSageMaker, "CreateModel", request, "model " + name);
        return local(localSageMaker, "DescribeModel", Map.of("ModelName", name), "model " + name)
                .path("ModelArn").asText();
    }

    private static void addUri(List<String> uris, String uri) {
        if (uri.startsWith("s3://") && !uris.contains(uri)) {
            uris.add(uri);
        }
    }

    private static void copyMember(JsonNode from, ObjectNode to, String member) {
        if (from.has(member)) {
            to.set(member, from.get(member));
        }
    }

    private JsonNode describe(String operation, Map<String, String> request, String what) throws CloudException {
        try {
            return cloudSageMaker.call(operation, request);
        } catch (CloudException e) {
            if ("ValidationException".equals(e.code())) {
                throw new CloudException("no " + what + " at " + cloudSageMaker.endpoint() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private JsonNode local(AwsJsonClient client, String operation, Object request, String what)
            throws CloudException {
        try {
            return client.call(operation, request);
        } catch (CloudException e) {
            if ("ResourceInUse".equals(e.code()) || e.getMessage().contains("already existing")) {
                throw new CloudException("the local Sagebox already has a " + what + ": " + e.getMessage(), e);
            }
            throw new CloudException("the local Sagebox at " + client.endpoint() + " refused the " + what
                    + " (is `sagebox up` running?): " + e.getMessage(), e);
        }
    }

    /** Copies each object to the same bucket and key in the local S3, creating local buckets as needed. */
    private void copyHome(List<String> uris, String what) throws CloudException {
        LocalObjects cloud = new LocalObjects(cloudS3, "the cloud");
        List<CopyItem> items = new ArrayList<>();
        for (String uri : uris) {
            String[] parts = S3Uris.parse(uri);
            if (parts[1].isEmpty() || parts[1].endsWith("/")) {
                items.addAll(cloud.underPrefix(parts[0], parts[1], parts[0], what));
            } else {
                items.add(cloud.object(parts[0], parts[1], parts[0], what));
            }
        }
        for (String bucket : items.stream().map(CopyItem::targetBucket).distinct().toList()) {
            ensureLocalBucket(bucket);
        }
        out.println("Copy: " + copier.copy(items));
    }

    private void ensureLocalBucket(String bucket) throws CloudException {
        try {
            localS3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new CloudException("cannot use the local bucket " + bucket + ": " + e.getMessage(), e);
            }
            localS3.createBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new CloudException("cannot reach the local Sagebox S3 (is `sagebox up` running?): "
                    + e.getMessage(), e);
        }
    }
}
