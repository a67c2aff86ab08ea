package dev.sagebox.hosting;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.hosting.api.CreateEndpointConfigRequest;
import dev.sagebox.hosting.api.CreateEndpointRequest;
import dev.sagebox.hosting.api.CreateEndpointResponse;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.api.DeleteEndpointRequest;
import dev.sagebox.hosting.api.DeployedImage;
import dev.sagebox.hosting.api.DescribeEndpointRequest;
import dev.sagebox.hosting.api.DataCaptureConfigSummary;
import dev.sagebox.hosting.api.DescribeEndpointResponse;
import dev.sagebox.hosting.api.EndpointSummary;
import dev.sagebox.hosting.api.ListEndpointsRequest;
import dev.sagebox.hosting.api.ListEndpointsResponse;
import dev.sagebox.hosting.api.ProductionVariant;
import dev.sagebox.hosting.api.ProductionVariantSummary;
import dev.sagebox.hosting.api.UpdateEndpointRequest;
import dev.sagebox.hosting.api.UpdateEndpointResponse;
import dev.sagebox.hosting.api.UpdateEndpointWeightsAndCapacitiesRequest;
import dev.sagebox.hosting.api.UpdateEndpointWeightsAndCapacitiesResponse;
import dev.sagebox.hosting.serve.Deployment;
import dev.sagebox.hosting.serve.ServingFleet;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CreateEndpoint, DescribeEndpoint, ListEndpoints, DeleteEndpoint, and the status machine behind them (§6.2). */
public final class Endpoints {
    static final String KIND = "endpoint";

    private final HostingStore store;
    private final Models models;
    private final EndpointConfigs configs;
    private final ServingFleet fleet;
    private final EndpointLifecycle lifecycle;
    private final Duration createWait;

    Endpoints(HostingStore store, Tags tags, Models models, EndpointConfigs configs, ServingFleet fleet, Clock clock,
              Duration createWait) {
        this.store = store;
        this.models = models;
        this.configs = configs;
        this.fleet = fleet;
        this.lifecycle = new EndpointLifecycle(store, fleet, clock);
        this.createWait = createWait;
        tags.register(KIND, store::existsArn, HostingErrors::endpointNotFound);
    }

    List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateEndpoint", CreateEndpointRequest.class, this::create).executing(),
                Operation.of("DescribeEndpoint", DescribeEndpointRequest.class, this::describe),
                Operation.of("ListEndpoints", ListEndpointsRequest.class, this::list),
                Operation.of("DeleteEndpoint", DeleteEndpointRequest.class, this::delete).executing(),
                Operation.of("UpdateEndpoint", UpdateEndpointRequest.class, this::update).executing(),
                Operation.of("UpdateEndpointWeightsAndCapacities", UpdateEndpointWeightsAndCapacitiesRequest.class,
                        this::updateWeights).executing());
    }

    EndpointLifecycle lifecycle() {
        return lifecycle;
    }

    CreateEndpointResponse create(RequestContext context, CreateEndpointRequest request) {
        request.validate();
        Region region = context.region();
        String arn = Arn.sageMaker(region, KIND, request.endpointName());
        store.find(KIND, region, request.endpointName()).ifPresent(existing -> {
            throw HostingErrors.duplicateEndpoint(existing.arn());
        });
        Endpoint endpoint = deployable(region, request.endpointConfigName());
        Instant now = lifecycle.now();
        StoredResource row = new StoredResource(KIND, region, request.endpointName(), arn,
                EndpointStatus.CREATING.wireName(), now, now, StoredJson.write(endpoint));
        store.insert(row, request.tags()).ifPresent(existing -> {
            throw HostingErrors.duplicateEndpoint(existing);
        });
        lifecycle.deployInBackground(row, EndpointStatus.CREATING, createWait);
        return new CreateEndpointResponse(arn);
    }

    UpdateEndpointResponse update(RequestContext context, UpdateEndpointRequest request) {
        request.validate();
        StoredResource row = existing(context.region(), request.endpointName());
        lifecycle.update(row, deployable(context.region(), request.endpointConfigName()));
        return new UpdateEndpointResponse(row.arn());
    }

    /**
     * {@code sagebox endpoints reload}: the UpdateEndpoint blue/green path onto the endpoint's own config, so fresh
     * instances re-read {@code file://} code and model directories and re-stage changed model data before traffic
     * moves to them.
     */
    void reload(Region region, String name) {
        StoredResource row = existing(region, name);
        lifecycle.update(row, EndpointLifecycle.endpoint(row));
    }

    /** A config and copies of its models, checked to exist now (AWS checks models at CreateEndpoint). */
    private Endpoint deployable(Region region, String configName) {
        CreateEndpointConfigRequest config = configs.find(region, configName);
        Map<String, CreateModelRequest> deployed = new LinkedHashMap<>();
        for (ProductionVariant variant : config.productionVariants()) {
            deployed.put(variant.modelName(), models.find(region, variant.modelName()));
        }
        return new Endpoint(configName, config, deployed, null);
    }

    DescribeEndpointResponse describe(RequestContext context, DescribeEndpointRequest request) {
        StoredResource row = existing(context.region(), request.endpointName());
        Endpoint endpoint = EndpointLifecycle.endpoint(row);
        List<ProductionVariantSummary> variants = endpoint.config().productionVariants().stream()
                .map(v -> summary(row, endpoint, v)).toList();
        return new DescribeEndpointResponse(row.name(), row.arn(), endpoint.endpointConfigName(), variants,
                DataCaptureConfigSummary.of(endpoint.config().dataCaptureConfig()), row.status(),
                endpoint.failureReason(), row.creationTime(), row.lastModifiedTime(),
                endpoint.config().asyncInferenceConfig());
    }

    ListEndpointsResponse list(RequestContext context, ListEndpointsRequest request) {
        request.query().validate(List.of("Name", "CreationTime", "Status"), EndpointStatus.WIRE_NAMES);
        Listing.Page<EndpointSummary> page = Listing.page(store.all(KIND, context.region()), request.query(),
                row -> new EndpointSummary(row.name(), row.arn(), row.creationTime(), row.lastModifiedTime(),
                        row.status()));
        return new ListEndpointsResponse(page.items(), page.nextToken());
    }

    Void delete(RequestContext context, DeleteEndpointRequest request) {
        StoredResource row = existing(context.region(), request.endpointName());
        lifecycle.delete(row);
        return null;
    }

    UpdateEndpointWeightsAndCapacitiesResponse updateWeights(RequestContext context,
                                                             UpdateEndpointWeightsAndCapacitiesRequest request) {
        request.validate();
        StoredResource row = existing(context.region(), request.endpointName());
        lifecycle.updateWeights(row, request.desiredWeightsAndCapacities());
        return new UpdateEndpointWeightsAndCapacitiesResponse(row.arn());
    }

    private ProductionVariantSummary summary(StoredResource row, Endpoint endpoint, ProductionVariant v) {
        CreateModelRequest model = endpoint.models().get(v.modelName());
        List<DeployedImage> images = model == null ? List.of() : model.allContainers().stream()
                .map(c -> new DeployedImage(c.image(), resolved(c.image()), row.creationTime())).toList();
        boolean live = EndpointStatus.IN_SERVICE.wireName().equals(row.status());
        Integer current = live ? fleet.healthyInstances(row.arn(), v.variantName()) : null;
        return new ProductionVariantSummary(v.variantName(), images, v.weight(), v.weight(), current,
                v.instanceCount());
    }

    /** {@code <repo>@sha256:<digest>}: the process runtime has no registry, so the digest names the URI itself. */
    private static String resolved(String image) {
        String repo = image.contains("@") ? image.substring(0, image.indexOf('@'))
                : image.replaceFirst(":[^:/]+$", "");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
            return repo + "@sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private StoredResource existing(Region region, String name) {
        Validator v = Validator.create();
        if (v.required("endpointName", name)) {
            v.length("endpointName", name, 0, 63)
                    .pattern("endpointName", name, CreateEndpointConfigRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
        return store.find(KIND, region, name)
                .orElseThrow(() -> HostingErrors.endpointNotFound(Arn.sageMaker(region, KIND, name)));
    }
}
