package dev.sagebox.transform;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.JobListing;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.tags.Tags;
import dev.sagebox.transform.api.CreateTransformJobRequest;
import dev.sagebox.transform.api.CreateTransformJobResponse;
import dev.sagebox.transform.api.DescribeTransformJobRequest;
import dev.sagebox.transform.api.DescribeTransformJobResponse;
import dev.sagebox.transform.api.ListTransformJobsRequest;
import dev.sagebox.transform.api.ListTransformJobsResponse;
import dev.sagebox.transform.api.StopTransformJobRequest;
import dev.sagebox.transform.api.TransformJobSummary;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The transform-job control plane: CreateTransformJob, DescribeTransformJob, ListTransformJobs, StopTransformJob.
 */
public final class TransformJobs {
    public static final String RESOURCE_TYPE = "transform-job";
    public static final Schema SCHEMA = TransformJobStore.SCHEMA;
    public static final String SERVER_STOPPED = "InternalServerError: Sagebox stopped while this job was running, so"
            + " the job could not finish; outputs of input files that had finished were written, the others were not."
            + " Start it again under a new name.";

    private static final JobListing<TransformJob> LISTING = new JobListing<>(TransformJob::name,
            job -> job.status().wireName(), TransformJob::creationTime, TransformJob::lastModifiedTime);

    private final TransformJobStore store;
    private final TransformJobLauncher launcher;
    private final BiFunction<Region, String, CreateModelRequest> models;
    private final Clock clock;
    private final int maxInstancesPerJob;
    /** Serialises stops of jobs no runner owns, so two StopTransformJob calls cannot both write. */
    private final ReentrantLock unownedStops = new ReentrantLock();

    /**
     * @param models the spec of a model by region and name, or the ValidationException AWS gives for a missing one
     */
    public TransformJobs(StateStore state, Tags tags, TransformJobLauncher launcher,
                         BiFunction<Region, String, CreateModelRequest> models, Clock clock, int maxInstancesPerJob) {
        this.store = new TransformJobStore(state);
        this.launcher = launcher;
        this.models = models;
        this.clock = clock;
        this.maxInstancesPerJob = maxInstancesPerJob;
        tags.register(RESOURCE_TYPE, store::existsArn, arn -> TransformErrors.notFound(
                arn.substring(arn.lastIndexOf('/') + 1)));
    }

    /** Updates on the transform jobs in {@code state}, for the runner that {@code Sagebox.java} builds. */
    public static TransformJobUpdates updates(StateStore state, Clock clock) {
        return new TransformJobUpdates(new TransformJobStore(state), clock);
    }

    public List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateTransformJob", CreateTransformJobRequest.class, this::create).executing(),
                Operation.of("DescribeTransformJob", DescribeTransformJobRequest.class, this::describe),
                Operation.of("ListTransformJobs", ListTransformJobsRequest.class, this::list),
                Operation.of("StopTransformJob", StopTransformJobRequest.class, this::stop).executing());
    }

    CreateTransformJobResponse create(RequestContext context, CreateTransformJobRequest request) {
        request.validate();
        int instances = request.transformResources().instanceCount();
        if (instances > maxInstancesPerJob) {
            throw TransformErrors.tooManyInstances(request.transformResources().instanceType(), maxInstancesPerJob,
                    instances);
        }
        DataProcessingCheck.check(request);
        CreateModelRequest model = models.apply(context.region(), request.modelName());
        CreateTransformJobRequest spec = request.withDefaults();
        String arn = Arn.sageMaker(context.region(), RESOURCE_TYPE, spec.transformJobName());
        TransformJob job = TransformJob.created(arn, context.region(), spec, clock.instant());
        store.insert(job, request.tags()).ifPresent(existing -> {
            throw TransformErrors.duplicate(existing);
        });
        launcher.launch(job, model);
        return new CreateTransformJobResponse(arn);
    }

    DescribeTransformJobResponse describe(RequestContext context, DescribeTransformJobRequest request) {
        TransformJob job = existing(context.region(), request.transformJobName());
        CreateTransformJobRequest spec = job.spec();
        BatchSettings s = job.settings();
        Integer concurrency = s != null ? Integer.valueOf(s.maxConcurrentTransforms()) : spec.maxConcurrentTransforms();
        Integer payload = s != null ? Integer.valueOf(s.maxPayloadInMB()) : spec.maxPayloadInMB();
        return new DescribeTransformJobResponse(job.name(), job.arn(), job.status().wireName(), job.failureReason(),
                spec.modelName(), concurrency, spec.modelClientConfig(), payload,
                s != null ? s.batchStrategy() : spec.batchStrategy(), spec.environment(), spec.transformInput(),
                spec.transformOutput(), spec.dataCaptureConfig(), spec.transformResources(), job.creationTime(),
                job.transformStartTime(), job.transformEndTime(), spec.dataProcessing(), spec.experimentConfig());
    }

    ListTransformJobsResponse list(RequestContext context, ListTransformJobsRequest request) {
        request.validate();
        JobListing.Page<TransformJob> page = LISTING.page(store.all(context.region()), new JobListing.Criteria(
                request.nameContains(), request.statusEquals(), request.creationTimeAfter(),
                request.creationTimeBefore(), request.lastModifiedTimeAfter(), request.lastModifiedTimeBefore(),
                request.sortBy(), request.sortOrder(), request.nextToken(), request.maxResults()));
        return new ListTransformJobsResponse(page.items().stream().map(TransformJobs::summary).toList(),
                page.nextToken());
    }

    Void stop(RequestContext context, StopTransformJobRequest request) {
        TransformJob job = existing(context.region(), request.transformJobName());
        if (job.status() == TransformJobStatus.STOPPING) {
            return null;
        }
        if (job.status() != TransformJobStatus.IN_PROGRESS) {
            throw TransformErrors.notStoppable(job.status());
        }
        if (!awaitRunnerStop(job.arn())) {
            stopUnowned(context.region(), job.name());
        }
        return null;
    }

    /** Marks jobs that were running when the server went down as Failed: their containers died with it. */
    public void failInterrupted() {
        TransformJobUpdates updates = new TransformJobUpdates(store, clock);
        for (TransformJob job : store.all(null)) {
            if (!job.status().isTerminal()) {
                updates.failed(job, SERVER_STOPPED);
            }
        }
    }

    private boolean awaitRunnerStop(String arn) {
        try {
            // SDKs describe right after stopping and expect Stopping; the runner acknowledges within milliseconds.
            return launcher.requestStop(arn).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        }
    }

    /** No run owns the job (none was launched, or it just ended): a still-running record goes to Stopped. */
    private void stopUnowned(Region region, String name) {
        unownedStops.lock();
        try {
            TransformJob job = store.find(region, name).orElseThrow(() -> TransformErrors.notFound(name));
            if (job.status() == TransformJobStatus.IN_PROGRESS) {
                TransformJobUpdates updates = new TransformJobUpdates(store, clock);
                updates.stopped(updates.stopping(job));
            }
        } finally {
            unownedStops.unlock();
        }
    }

    private TransformJob existing(Region region, String name) {
        Validator v = Validator.create();
        if (v.required("transformJobName", name)) {
            v.length("transformJobName", name, 1, 63)
                    .pattern("transformJobName", name, CreateTransformJobRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
        return store.find(region, name).orElseThrow(() -> TransformErrors.notFound(name));
    }

    private static TransformJobSummary summary(TransformJob job) {
        return new TransformJobSummary(job.name(), job.arn(), job.creationTime(), job.transformEndTime(),
                job.lastModifiedTime(), job.status().wireName(), job.failureReason());
    }
}
