package dev.sagebox.processing;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.JobListing;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.Validator;
import dev.sagebox.jobs.StopRequests;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import dev.sagebox.processing.api.CreateProcessingJobResponse;
import dev.sagebox.processing.api.DescribeProcessingJobRequest;
import dev.sagebox.processing.api.DescribeProcessingJobResponse;
import dev.sagebox.processing.api.ListProcessingJobsRequest;
import dev.sagebox.processing.api.ListProcessingJobsResponse;
import dev.sagebox.processing.api.ProcessingJobSummary;
import dev.sagebox.processing.api.StopProcessingJobRequest;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.tags.Tags;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The processing-job control plane: Create, Describe, List and StopProcessingJob (CONTRACTS §8.2). */
public final class ProcessingJobs {
    public static final String RESOURCE_TYPE = "processing-job";
    public static final Schema SCHEMA = ProcessingJobStore.SCHEMA;
    static final String SERVER_STOPPED = "InternalServerError: Sagebox stopped while this job was running, so the"
            + " job could not finish; start it again under a new name.";
    private static final JobListing<ProcessingJob> LISTING = new JobListing<>(ProcessingJob::name,
            job -> job.status().wireName(), ProcessingJob::creationTime, ProcessingJob::lastModifiedTime);

    private final ProcessingJobStore store;
    private final ProcessingJobLauncher launcher;
    private final Clock clock;
    private final int maxInstancesPerJob;
    /** Serialises stops of jobs no runner owns, so two StopProcessingJob calls cannot both write. */
    private final ReentrantLock unownedStops = new ReentrantLock();

    public ProcessingJobs(StateStore state, Tags tags, ProcessingJobLauncher launcher, Clock clock,
                          int maxInstancesPerJob) {
        this.store = new ProcessingJobStore(state);
        this.launcher = launcher;
        this.clock = clock;
        this.maxInstancesPerJob = maxInstancesPerJob;
        tags.register(RESOURCE_TYPE, store::existsArn, arn -> ProcessingErrors.notFound(
                arn.substring(arn.indexOf('/') + 1)));
    }

    public List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateProcessingJob", CreateProcessingJobRequest.class, this::create).executing(),
                Operation.of("DescribeProcessingJob", DescribeProcessingJobRequest.class, this::describe),
                Operation.of("ListProcessingJobs", ListProcessingJobsRequest.class, this::list),
                Operation.of("StopProcessingJob", StopProcessingJobRequest.class, this::stop).executing());
    }

    /** Marks jobs that were running when the server went down as Failed: their workloads died with it. */
    public void failInterrupted() {
        ProcessingJobUpdates updates = ProcessingJobUpdates.on(store, clock);
        for (ProcessingJob job : store.all(null)) {
            if (!job.status().isTerminal()) {
                updates.failed(job, SERVER_STOPPED, null);
            }
        }
    }

    CreateProcessingJobResponse create(RequestContext context, CreateProcessingJobRequest request) {
        request.validate();
        int hosts = request.processingResources().hostCount();
        if (hosts > maxInstancesPerJob) {
            throw ProcessingErrors.tooManyInstances(request.processingResources().clusterConfig().instanceType(),
                    maxInstancesPerJob, hosts);
        }
        CreateProcessingJobRequest spec = request.withDefaults();
        String arn = Arn.sageMaker(context.region(), RESOURCE_TYPE, spec.processingJobName());
        ProcessingJob job = ProcessingJob.created(arn, context.region(), spec, clock.instant());
        store.insert(job, request.tags()).ifPresent(existing -> {
            throw ProcessingErrors.duplicate(existing);
        });
        launcher.launch(job, context.baseUrl());
        return new CreateProcessingJobResponse(arn);
    }

    DescribeProcessingJobResponse describe(RequestContext context, DescribeProcessingJobRequest request) {
        ProcessingJob job = existing(context.region(), request.processingJobName());
        CreateProcessingJobRequest spec = job.spec();
        return new DescribeProcessingJobResponse(spec.processingInputs(), spec.processingOutputConfig(),
                spec.processingJobName(), spec.processingResources(), spec.stoppingCondition(),
                spec.appSpecification(), spec.environment(), spec.networkConfig(), spec.roleArn(),
                spec.experimentConfig(), job.arn(), job.status().wireName(), job.exitMessage(), job.failureReason(),
                job.processingEndTime(), job.processingStartTime(), job.lastModifiedTime(), job.creationTime());
    }

    ListProcessingJobsResponse list(RequestContext context, ListProcessingJobsRequest r) {
        r.validate();
        JobListing.Page<ProcessingJob> page = LISTING.page(store.all(context.region()), new JobListing.Criteria(
                r.nameContains(), r.statusEquals(), r.creationTimeAfter(), r.creationTimeBefore(),
                r.lastModifiedTimeAfter(), r.lastModifiedTimeBefore(), r.sortBy(), r.sortOrder(), r.nextToken(),
                r.maxResults()));
        return new ListProcessingJobsResponse(page.items().stream().map(job -> new ProcessingJobSummary(job.name(),
                job.arn(), job.creationTime(), job.processingEndTime(), job.lastModifiedTime(),
                job.status().wireName(), job.failureReason(), job.exitMessage())).toList(), page.nextToken());
    }

    Void stop(RequestContext context, StopProcessingJobRequest request) {
        ProcessingJob job = existing(context.region(), request.processingJobName());
        if (job.status() != ProcessingJobStatus.IN_PROGRESS) {
            throw ProcessingErrors.notStoppable(job.status());
        }
        if (!StopRequests.awaitRunner(launcher.requestStop(job.arn()))) {
            stopUnowned(context.region(), job.name());
        }
        return null;
    }

    /** No runner owns the job (no workload started yet): it goes straight to Stopped (CONTRACTS §3.3). */
    private void stopUnowned(Region region, String name) {
        unownedStops.lock();
        try {
            ProcessingJob job = store.find(region, name).orElseThrow(() -> ProcessingErrors.notFound(name));
            if (job.status() == ProcessingJobStatus.IN_PROGRESS) {
                ProcessingJobUpdates updates = ProcessingJobUpdates.on(store, clock);
                updates.stopped(updates.stopping(job), null, null);
            }
        } finally {
            unownedStops.unlock();
        }
    }

    private ProcessingJob existing(Region region, String name) {
        Validator v = Validator.create();
        CreateProcessingJobRequest.validateName(v, name);
        v.throwIfInvalid();
        return store.find(region, name).orElseThrow(() -> ProcessingErrors.notFound(name));
    }
}
