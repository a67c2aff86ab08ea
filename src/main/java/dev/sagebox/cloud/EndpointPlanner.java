package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Plans {@code sagebox promote endpoint}: the endpoint's config and every model its variants name, read through the
 * local server's Describe calls. Model data (and a framework model's {@code SAGEMAKER_SUBMIT_DIRECTORY}) is copied;
 * the target gets CreateModel per model, then CreateEndpointConfig with the local instance types, then CreateEndpoint.
 */
public final class EndpointPlanner {
    private static final List<String> VARIANT_MEMBERS = List.of("VariantName", "ModelName", "InitialInstanceCount",
            "InstanceType", "InitialVariantWeight", "AcceleratorType", "VolumeSizeInGB",
            "ModelDataDownloadTimeoutInSeconds", "ContainerStartupHealthCheckTimeoutInSeconds",
            "ServerlessConfig", "ManagedInstanceScaling", "RoutingConfig");
    private static final List<String> CONTAINER_MEMBERS = List.of("ContainerHostname", "Image", "Mode",
            "ModelDataUrl", "Environment", "ImageConfig");

    private final AwsJsonClient localSageMaker;
    private final S3Client localS3;

    public EndpointPlanner(AwsJsonClient localSageMaker, S3Client localS3) {
        this.localSageMaker = localSageMaker;
        this.localS3 = localS3;
    }

    public Plan plan(String name, PromoteOptions options, String region, S3Client targetS3, StsClient targetSts)
            throws CloudException {
        options.validate();
        JsonNode endpoint = describe("DescribeEndpoint", "EndpointName", name, "endpoint");
        String configName = endpoint.path("EndpointConfigName").asText();
        JsonNode config = describe("DescribeEndpointConfig", "EndpointConfigName", configName, "endpoint config");
        Set<String> modelNames = new LinkedHashSet<>();
        config.path("ProductionVariants").forEach(v -> modelNames.add(v.path("ModelName").asText()));
        List<ImageMapping.Mapped> images = new ArrayList<>();
        List<JsonNode> models = new ArrayList<>();
        for (String modelName : modelNames) {
            models.add(describe("DescribeModel", "ModelName", modelName, "model"));
        }
        // Everything local is checked before the target is asked anything.
        ObjectNode configRequest = createConfig(config, options);
        for (JsonNode model : models) {
            for (JsonNode container : containers(model)) {
                options.images().map(container.path("Image").asText(), region);
            }
        }
        TargetBucket bucket = TargetBucket.choose(options.bucket(), region, targetS3, targetSts);
        List<Plan.Call> calls = new ArrayList<>();
        List<CopyItem> objects = new ArrayList<>();
        LocalObjects local = new LocalObjects(localS3, "the local Sagebox");
        for (JsonNode model : models) {
            calls.add(new Plan.Call("CreateModel", createModel(model, options, images, objects, local,
                    bucket.name(), region)));
        }
        calls.add(new Plan.Call("CreateEndpointConfig", configRequest));
        ObjectNode create = AwsJsonClient.object();
        create.put("EndpointName", options.newName() == null ? name : options.newName());
        create.put("EndpointConfigName", configName);
        calls.add(new Plan.Call("CreateEndpoint", create));
        for (Plan.Call call : calls) {
            S3Uris.rewriteAll(call.request(), bucket.name());
            S3Uris.dropEmpty(call.request());
        }
        return new Plan(region, bucket.name(), bucket.create(), TrainingJobPlanner.distinct(objects),
                List.copyOf(images), calls);
    }

    private static List<JsonNode> containers(JsonNode model) {
        List<JsonNode> containers = new ArrayList<>();
        if (model.has("PrimaryContainer")) {
            containers.add(model.get("PrimaryContainer"));
        }
        model.path("Containers").forEach(containers::add);
        return containers;
    }

    private ObjectNode createModel(JsonNode model, PromoteOptions options, List<ImageMapping.Mapped> images,
                                   List<CopyItem> objects, LocalObjects local, String bucket, String region)
            throws CloudException {
        ObjectNode request = AwsJsonClient.object();
        request.put("ModelName", model.path("ModelName").asText());
        request.put("ExecutionRoleArn", options.role());
        if (model.has("PrimaryContainer")) {
            request.set("PrimaryContainer", container(model.get("PrimaryContainer"), options, images, objects, local,
                    bucket, region));
        }
        if (model.has("Containers")) {
            ArrayNode containers = request.putArray("Containers");
            for (JsonNode container : model.get("Containers")) {
                containers.add(container(container, options, images, objects, local, bucket, region));
            }
        }
        for (String member : List.of("InferenceExecutionConfig", "EnableNetworkIsolation", "VpcConfig")) {
            if (model.has(member)) {
                request.set(member, model.get(member).deepCopy());
            }
        }
        return request;
    }

    private static ObjectNode container(JsonNode container, PromoteOptions options, List<ImageMapping.Mapped> images,
                                        List<CopyItem> objects, LocalObjects local, String bucket, String region)
            throws CloudException {
        ObjectNode copy = AwsJsonClient.object();
        for (String member : CONTAINER_MEMBERS) {
            if (container.has(member)) {
                copy.set(member, container.get(member).deepCopy());
            }
        }
        ImageMapping.Mapped image = options.images().map(container.path("Image").asText(), region);
        if (images.stream().noneMatch(i -> i.local().equals(image.local()))) {
            images.add(image);
        }
        copy.put("Image", image.target());
        for (String uri : List.of(container.path("ModelDataUrl").asText(""),
                container.path("Environment").path("SAGEMAKER_SUBMIT_DIRECTORY").asText(""))) {
            String[] parts = S3Uris.parse(uri);
            if (parts != null) {
                objects.addAll(parts[1].isEmpty() || parts[1].endsWith("/")
                        ? local.underPrefix(parts[0], parts[1], bucket, "model data " + uri)
                        : List.of(local.object(parts[0], parts[1], bucket, "model data " + uri)));
            }
        }
        return copy;
    }

    private static ObjectNode createConfig(JsonNode config, PromoteOptions options) throws CloudException {
        ObjectNode request = AwsJsonClient.object();
        request.put("EndpointConfigName", config.path("EndpointConfigName").asText());
        ArrayNode variants = request.putArray("ProductionVariants");
        for (JsonNode variant : config.path("ProductionVariants")) {
            ObjectNode copy = variants.addObject();
            for (String member : VARIANT_MEMBERS) {
                if (variant.has(member)) {
                    copy.set(member, variant.get(member).deepCopy());
                }
            }
            if (options.instanceType() != null && variant.has("InstanceType")) {
                copy.put("InstanceType", options.instanceType());
            }
            if (copy.has("InstanceType")) {
                TrainingJobPlanner.instanceTypeOf(copy, options);
            }
        }
        for (String member : List.of("AsyncInferenceConfig", "DataCaptureConfig")) {
            if (config.has(member)) {
                request.set(member, config.get(member).deepCopy());
            }
        }
        return request;
    }

    private JsonNode describe(String operation, String member, String name, String what) throws CloudException {
        try {
            return localSageMaker.call(operation, Map.of(member, name));
        } catch (CloudException e) {
            if ("ValidationException".equals(e.code())) {
                throw new CloudException("no " + what + " named '" + name + "' in the local Sagebox at "
                        + localSageMaker.endpoint(), e);
            }
            throw new CloudException("cannot read the local " + what + " from the Sagebox server at "
                    + localSageMaker.endpoint() + " (is `sagebox up` running?): " + e.getMessage(), e);
        }
    }
}
