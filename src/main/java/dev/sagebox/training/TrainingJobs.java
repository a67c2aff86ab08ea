package dev.sagebox.training;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.JobListing;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.jobs.StopRequests;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.tags.Tags;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The training-job control plane: CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob. */
public final class TrainingJobs {
    public static final String RESOURCE_TYPE = "training-job";
    public static final Schema SCHEMA = TrainingJobStore.SCHEMA;
    static final String SERVER_STOPPED = "InternalServerError: Sagebox stopped while this job was running, so the"
            + " job could not finish; start it again under a new name.";

    private static final JobListing<TrainingJob> LISTING = new JobListing<>(TrainingJob::name,
            job -> job.status().wireName(), TrainingJob::creationTime, TrainingJob::lastModifiedTime);

    private final TrainingJobStore store;
    private final TrainingJobLauncher launcher;
    private final Clock clock;
    private final int maxInstancesPerJob;
    /** Serialises stops of jobs no runner owns, so two StopTrainingJob calls cannot both write. */
    private final ReentrantLock unownedStops = new ReentrantLock();

    public TrainingJobs(StateStore state, Tags tags, TrainingJobLauncher launcher, Clock clock,
                        int maxInstancesPerJob) {
        this.store = new TrainingJobStore(state);
        this.launcher = launcher;
        this.clock = clock;
        this.maxInstancesPerJob = maxInstancesPerJob;
        tags.register(RESOURCE_TYPE, store::existsArn, arn -> TrainingErrors.notFound());
    }

    public List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateTrainingJob", CreateTrainingJobRequest.class, this::create).executing(),
                Operation.of("DescribeTrainingJob", DescribeTrainingJobRequest.class, this::describe),
                Operation.of("ListTrainingJobs", ListTrainingJobsRequest.class, this::list),
                Operation.of("StopTrainingJob", StopTrainingJobRequest.class, this::stop).executing());
    }

    /** The store, for the runner that owns a job's status. */
    public TrainingJobUpdates updates() {
        return new TrainingJobUpdates(store, clock);
    }

    CreateTrainingJobResponse create(RequestContext context, CreateTrainingJobRequest request) {
        request.validate();
        int hosts = request.resourceConfig().hostCount();
        if (hosts > maxInstancesPerJob) {
            throw TrainingErrors.tooManyInstances(request.resourceConfig().instanceType(), maxInstancesPerJob, hosts);
        }
        CreateTrainingJobRequest spec = request.withDefaults();
        String arn = Arn.sageMaker(context.region(), RESOURCE_TYPE, spec.trainingJobName());
        String artifacts = spec.outputDataConfig().s3OutputPath() + "/" + spec.trainingJobName()
                + ("NONE".equals(spec.outputDataConfig().compressionType()) ? "/output/model/"
                : "/output/model.tar.gz");
        TrainingJob job = TrainingJob.created(arn, context.region(), spec, artifacts, clock.instant());
        store.insert(job, request.tags()).ifPresent(existing -> {
            throw TrainingErrors.duplicate(existing);
        });
        launcher.launch(job, context.baseUrl());
        return new CreateTrainingJobResponse(arn);
    }

    DescribeTrainingJobResponse describe(RequestContext context, DescribeTrainingJobRequest request) {
        return DescribeTrainingJobResponse.of(existing(context.region(), request.trainingJobName()));
    }

    ListTrainingJobsResponse list(RequestContext context, ListTrainingJobsRequest r) {
        r.validate();
        JobListing.Page<TrainingJob> page = LISTING.page(store.all(context.region()), new JobListing.Criteria(
                r.nameContains(), r.statusEquals(), r.creationTimeAfter(), r.creationTimeBefore(),
                r.lastModifiedTimeAfter(), r.lastModifiedTimeBefore(), r.sortBy(), r.sortOrder(), r.nextToken(),
                r.maxResults()));
        return new ListTrainingJobsResponse(page.items().stream().map(TrainingJobSummary::of).toList(),
                page.nextToken());
    }

    Void stop(RequestContext context, StopTrainingJobRequest request) {
        TrainingJob job = existing(context.region(), request.trainingJobName());
        if (job.status() != TrainingJobStatus.IN_PROGRESS) {
            throw TrainingErrors.notStoppable(job.status());
        }
        if (!StopRequests.awaitRunner(launcher.requestStop(job.arn()))) {
            stopUnowned(context.region(), job.name());
        }
        return null;
    }

    /** Marks jobs that were running when the server went down as Failed: their workloads died with it. */
    public void failInterrupted() {
        TrainingJobUpdates updates = updates();
        for (TrainingJob job : store.all(null)) {
            if (!job.status().isTerminal()) {
                updates.fail(job, SERVER_STOPPED);
            }
        }
    }

    /** No runner owns the job (none started a container yet): it goes straight to Stopped (CONTRACTS §3.3). */
    private void stopUnowned(Region region, String name) {
        unownedStops.lock();
        try {
            TrainingJob job = store.find(region, name).orElseThrow(TrainingErrors::notFound);
            if (job.status() == TrainingJobStatus.IN_PROGRESS) {
                TrainingJobUpdates updates = updates();
                job = updates.move(job, SecondaryStatus.STOPPING, SecondaryStatus.MSG_STOPPING);
                updates.move(job, SecondaryStatus.STOPPED, SecondaryStatus.MSG_STOPPED);
            }
        } finally {
            unownedStops.unlock();
        }
    }

    private TrainingJob existing(Region region, String name) {
        Validator v = Validator.create();
        if (v.required("trainingJobName", name)) {
            v.length("trainingJobName", name, 1, 63)
                    .pattern("trainingJobName", name, CreateTrainingJobRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
        return store.find(region, name).orElseThrow(TrainingErrors::notFound);
    }
}
