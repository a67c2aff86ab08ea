package dev.sagebox.hosting;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.hosting.api.CreateEndpointConfigRequest;
import dev.sagebox.hosting.api.CreateEndpointConfigResponse;
import dev.sagebox.hosting.api.DeleteEndpointConfigRequest;
import dev.sagebox.hosting.api.DescribeEndpointConfigRequest;
import dev.sagebox.hosting.api.DescribeEndpointConfigResponse;
import dev.sagebox.hosting.api.EndpointConfigSummary;
import dev.sagebox.hosting.api.ListEndpointConfigsRequest;
import dev.sagebox.hosting.api.ListEndpointConfigsResponse;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, DeleteEndpointConfig. Models are checked at
 * CreateEndpoint, as AWS does, and an endpoint keeps its own copy of the config it was deployed with.
 */
public final class EndpointConfigs {
    static final String KIND = "endpoint-config";

    private final HostingStore store;
    private final Clock clock;

    EndpointConfigs(HostingStore store, Tags tags, Clock clock) {
        this.store = store;
        this.clock = clock;
        tags.register(KIND, store::existsArn, HostingErrors::configNotFound);
    }

    List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateEndpointConfig", CreateEndpointConfigRequest.class, this::create),
                Operation.of("DescribeEndpointConfig", DescribeEndpointConfigRequest.class, this::describe),
                Operation.of("ListEndpointConfigs", ListEndpointConfigsRequest.class, this::list),
                Operation.of("DeleteEndpointConfig", DeleteEndpointConfigRequest.class, this::delete));
    }

    CreateEndpointConfigResponse create(RequestContext context, CreateEndpointConfigRequest request) {
        request.validate();
        String arn = Arn.sageMaker(context.region(), KIND, request.endpointConfigName());
        Instant now = clock.instant();
        StoredResource row = new StoredResource(KIND, context.region(), request.endpointConfigName(), arn, null, now,
                now, StoredJson.write(request.spec()));
        store.insert(row, request.tags()).ifPresent(existing -> {
            throw HostingErrors.duplicateConfig(existing);
        });
        return new CreateEndpointConfigResponse(arn);
    }

    DescribeEndpointConfigResponse describe(RequestContext context, DescribeEndpointConfigRequest request) {
        StoredResource row = existing(context.region(), request.endpointConfigName());
        CreateEndpointConfigRequest spec = spec(row);
        return new DescribeEndpointConfigResponse(spec.endpointConfigName(), row.arn(), spec.productionVariants(),
                spec.kmsKeyId(), spec.asyncInferenceConfig(), spec.dataCaptureConfig(), row.creationTime());
    }

    ListEndpointConfigsResponse list(RequestContext context, ListEndpointConfigsRequest request) {
        request.query().validate(List.of("Name", "CreationTime"), List.of());
        Listing.Page<EndpointConfigSummary> page = Listing.page(store.all(KIND, context.region()), request.query(),
                row -> new EndpointConfigSummary(row.name(), row.arn(), row.creationTime()));
        return new ListEndpointConfigsResponse(page.items(), page.nextToken());
    }

    Void delete(RequestContext context, DeleteEndpointConfigRequest request) {
        store.delete(existing(context.region(), request.endpointConfigName()).arn());
        return null;
    }

    CreateEndpointConfigRequest find(Region region, String name) {
        return spec(existing(region, name));
    }

    private StoredResource existing(Region region, String name) {
        Validator v = Validator.create();
        if (v.required("endpointConfigName", name)) {
            v.length("endpointConfigName", name, 0, 63)
                    .pattern("endpointConfigName", name, CreateEndpointConfigRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
        return store.find(KIND, region, name)
                .orElseThrow(() -> HostingErrors.configNotFound(Arn.sageMaker(region, KIND, name)));
    }

    private static CreateEndpointConfigRequest spec(StoredResource row) {
        return StoredJson.read(row.body(), CreateEndpointConfigRequest.class);
    }
}
