package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import dev.sagebox.cloud.EndpointPlanner;
import dev.sagebox.cloud.ObjectCopier;
import dev.sagebox.cloud.Plan;
import dev.sagebox.cloud.PlanRunner;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code sagebox promote endpoint NAME --role ARN}: uploads the model data, then creates the models, the endpoint
 * config (with the local instance types) and the endpoint on the target; {@code --wait} waits for InService.
 */
@Command(name = "endpoint", mixinStandardHelpOptions = true,
        description = "Re-create a local endpoint (models, endpoint config, endpoint) on the target SageMaker.")
final class PromoteEndpointCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The local endpoint.")
    String endpoint;

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
            var options = flags.options(config);
            Plan plan = new EndpointPlanner(localSageMaker, localS3).plan(endpoint, options, target.region(),
                    targetS3, targetSts);
            plan.print(out);
            if (flags.dryRun) {
                out.println("Dry run: nothing was copied or created.");
                return 0;
            }
            ObjectCopier copier = new ObjectCopier(localS3, targetS3, options.journals(), options.partSize(),
                    CopyProgress.to(out));
            new PlanRunner(targetS3, targetSageMaker, copier, flags.pusher(config, target, out), out).run(plan);
            String name = plan.calls().getLast().request().path("EndpointName").asText();
            return flags.await ? await(targetSageMaker, name, out) : 0;
        }
    }

    /** Polls DescribeEndpoint as the endpoint_in_service waiter does, printing each new status. */
    private int await(AwsJsonClient sageMaker, String name, PrintWriter out) throws CloudException {
        String last = "";
        while (true) {
            var described = sageMaker.call("DescribeEndpoint", Map.of("EndpointName", name));
            String status = described.path("EndpointStatus").asText();
            if (!status.equals(last)) {
                out.println("Endpoint " + name + ": " + status);
                out.flush();
                last = status;
            }
            if (status.equals("InService")) {
                return 0;
            }
            if (status.equals("Failed")) {
                out.println("Failure reason: " + described.path("FailureReason").asText(""));
                return 1;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(flags.pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException("interrupted; the endpoint keeps deploying on the target", e);
            }
        }
    }
}
