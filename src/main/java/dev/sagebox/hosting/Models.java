package dev.sagebox.hosting;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.api.CreateModelResponse;
import dev.sagebox.hosting.api.DeleteModelRequest;
import dev.sagebox.hosting.api.DescribeModelRequest;
import dev.sagebox.hosting.api.DescribeModelResponse;
import dev.sagebox.hosting.api.ListModelsRequest;
import dev.sagebox.hosting.api.ListModelsResponse;
import dev.sagebox.hosting.api.ModelSummary;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** CreateModel, DescribeModel, ListModels, DeleteModel. A model is only a record: DeleteModel removes just that. */
public final class Models {
    static final String KIND = "model";

    private final HostingStore store;
    private final Clock clock;

    Models(HostingStore store, Tags tags, Clock clock) {
        this.store = store;
        this.clock = clock;
        tags.register(KIND, store::existsArn, HostingErrors::modelNotFound);
    }

    List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateModel", CreateModelRequest.class, this::create),
                Operation.of("DescribeModel", DescribeModelRequest.class, this::describe),
                Operation.of("ListModels", ListModelsRequest.class, this::list),
                Operation.of("DeleteModel", DeleteModelRequest.class, this::delete));
    }

    CreateModelResponse create(RequestContext context, CreateModelRequest request) {
        request.validate();
        String arn = Arn.sageMaker(context.region(), KIND, request.modelName());
        Instant now = clock.instant();
        StoredResource row = new StoredResource(KIND, context.region(), request.modelName(), arn, null, now, now,
                StoredJson.write(request.withoutTags()));
        store.insert(row, request.tags()).ifPresent(existing -> {
            throw HostingErrors.duplicateModel(existing);
        });
        return new CreateModelResponse(arn);
    }

    DescribeModelResponse describe(RequestContext context, DescribeModelRequest request) {
        StoredResource row = existing(context.region(), request.modelName());
        return DescribeModelResponse.of(spec(row), row.arn(), row.creationTime());
    }

    ListModelsResponse list(RequestContext context, ListModelsRequest request) {
        request.query().validate(List.of("Name", "CreationTime"), List.of());
        Listing.Page<ModelSummary> page = Listing.page(store.all(KIND, context.region()), request.query(),
                row -> new ModelSummary(row.name(), row.arn(), row.creationTime()));
        return new ListModelsResponse(page.items(), page.nextToken());
    }

    Void delete(RequestContext context, DeleteModelRequest request) {
        store.delete(existing(context.region(), request.modelName()).arn());
        return null;
    }

    /** The spec of an existing model, or the ValidationException AWS gives for a missing one. */
    CreateModelRequest find(Region region, String name) {
        return spec(existing(region, name));
    }

    private StoredResource existing(Region region, String name) {
        Validator v = Validator.create();
        if (v.required("modelName", name)) {
            v.length("modelName", name, 1, 63).pattern("modelName", name, CreateModelRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
        return store.find(KIND, region, name)
                .orElseThrow(() -> HostingErrors.modelNotFound(Arn.sageMaker(region, KIND, name)));
    }

    private static CreateModelRequest spec(StoredResource row) {
        return StoredJson.read(row.body(), CreateModelRequest.class);
    }
}
