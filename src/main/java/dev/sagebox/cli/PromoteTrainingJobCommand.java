package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import dev.sagebox.cloud.ObjectCopier;
import dev.sagebox.cloud.Plan;
import dev.sagebox.cloud.PlanRunner;
import dev.sagebox.cloud.PromoteOptions;
import dev.sagebox.cloud.TrainingJobPlanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code sagebox promote training-job NAME --role ARN}: copies the job's channels and source to the target bucket,
 * rewrites its URIs, maps its image and creates it on the target SageMaker; {@code --wait} follows it there.
 */
@Command(name = "training-job", mixinStandardHelpOptions = true,
        description = "Re-create a local training job on the target SageMaker.")
final class PromoteTrainingJobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The local training job.")
    String job;

    @Mixin
    CloudOptions cloud;

    @Mixin
    PromoteFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return promote(out);
        } catch (CloudException e) {
            err.println("sagebox: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int promote(PrintWriter out) throws CloudException {
        SageboxConfig config = cloud.config();
        CloudTarget local = cloud.local(config);
        CloudTarget target = cloud.cloud();
        try (AwsJsonClient localSageMaker = local.sageMaker(); S3Client localS3 = local.s3();
             AwsJsonClient targetSageMaker = target.sageMaker(); S3Client targetS3 = target.s3();
             StsClient targetSts = target.sts()) {
            PromoteOptions options = flags.options(config);
            Plan plan = new TrainingJobPlanner(localSageMaker, localS3).plan(job, options, target.region(), targetS3,
                    targetSts);
            plan.print(out);
            if (flags.dryRun) {
                out.println("Dry run: nothing was copied or created.");
                return 0;
            }
            ObjectCopier copier = new ObjectCopier(localS3, targetS3, options.journals(), options.partSize(),
                    CopyProgress.to(out));
            new PlanRunner(targetS3, targetSageMaker, copier, flags.pusher(config, target, out), out).run(plan);
            String name = plan.calls().getFirst().request().path("TrainingJobName").asText();
            return flags.await ? await(target, targetSageMaker, name, out) : 0;
        }
    }

    private int await(CloudTarget target, AwsJsonClient sageMaker, String name, PrintWriter out)
            throws CloudException {
        try (AwsJsonClient logs = target.logs()) {
            LogFollower follower = new LogFollower(new CloudLogSource(logs, sageMaker), name, flags.pollMillis, out)
                    .showingStatus();
            String status = follower.follow();
            JsonNode job = sageMaker.call("DescribeTrainingJob", Map.of("TrainingJobName", name));
            out.println("Training job " + name + ": " + status
                    + (job.has("FailureReason") ? " (" + job.path("FailureReason").asText() + ")" : ""));
            return status.equals("Completed") ? 0 : 1;
        } catch (LogsApi.ApiException e) {
            throw new CloudException("cannot follow " + name + " on the target: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CloudException("cannot follow " + name + " on the target: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while following " + name + "; it keeps running on the target", e);
        }
    }
}
