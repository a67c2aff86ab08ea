package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
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
        return PromoteRun.run(spec, cloud, flags, (localSageMaker, localS3, options, region, targetS3, targetSts) ->
                new TrainingJobPlanner(localSageMaker, localS3).plan(job, options, region, targetS3, targetSts),
                (target, targetSageMaker, plan, out) -> await(target, targetSageMaker,
                        plan.calls().getFirst().request().path("TrainingJobName").asText(), out));
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
