package dev.sagebox.training;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.SageMakerError;
import dev.sagebox.state.StateStore;
import dev.sagebox.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a training job that ran elsewhere as a Completed local job, never run here: the imported marker is the tag
 * {@value #IMPORTED_FROM} holding the cloud ARN, so DescribeTrainingJob stays exactly AWS's shape for SDKs.
 */
public final class TrainingJobImports {
    /** The tag that marks an imported job; its value is the job's ARN in the cloud. */
    public static final String IMPORTED_FROM = "sagebox:imported-from";
    static final String MSG_IMPORTED = "Training job imported into Sagebox from ";

    private final TrainingJobStore store;
    private final Clock clock;

    public TrainingJobImports(StateStore state, Clock clock) {
        this.store = new TrainingJobStore(state);
        this.clock = clock;
    }

    /** Served under Sagebox's own JSON target prefix, never under {@code SageMaker.}. */
    public List<Operation<?, ?>> operations() {
        return List.of(Operation.of("ImportTrainingJob", ImportTrainingJobRequest.class, this::importJob));
    }

    CreateTrainingJobResponse importJob(RequestContext context, ImportTrainingJobRequest request) {
        if (request.trainingJob() == null || request.modelArtifacts() == null
                || request.modelArtifacts().s3ModelArtifacts() == null) {
            throw new AwsException(SageMakerError.VALIDATION,
                    "ImportTrainingJob needs TrainingJob and ModelArtifacts.S3ModelArtifacts");
        }
        request.trainingJob().validate();
        CreateTrainingJobRequest spec = request.trainingJob().withDefaults();
        String arn = Arn.sageMaker(context.region(), TrainingJobs.RESOURCE_TYPE, spec.trainingJobName());
        Instant now = clock.instant();
        TrainingJob job = TrainingJob.created(arn, context.region(), spec, request.modelArtifacts().s3ModelArtifacts(),
                now);
        String source = request.sourceArn() == null ? "the cloud" : request.sourceArn();
        job = SecondaryStatus.transition(job, SecondaryStatus.UPLOADING, MSG_IMPORTED + source, now);
        job = SecondaryStatus.transition(job, SecondaryStatus.COMPLETED, SecondaryStatus.MSG_COMPLETED, now);
        job = new TrainingJob(job.arn(), job.region(), spec, now, job.status(), job.secondaryStatus(),
                job.transitions(), now, request.trainingStartTime() == null ? now : request.trainingStartTime(),
                request.trainingEndTime() == null ? now : request.trainingEndTime(), null,
                request.finalMetricDataList() == null ? List.of() : List.copyOf(request.finalMetricDataList()),
                request.modelArtifacts().s3ModelArtifacts());
        List<Tag> tags = new ArrayList<>(request.trainingJob().tags() == null ? List.of()
                : request.trainingJob().tags());
        tags.add(new Tag(IMPORTED_FROM, source));
        store.insert(job, tags).ifPresent(existing -> {
            throw TrainingErrors.duplicate(existing);
        });
        return new CreateTrainingJobResponse(arn);
    }
}
