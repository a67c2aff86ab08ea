package dev.sagebox.cli;

import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.EndpointPlanner;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
        return PromoteRun.run(spec, cloud, flags, (localSageMaker, localS3, options, region, targetS3, targetSts) ->
                new EndpointPlanner(localSageMaker, localS3).plan(endpoint, options, region, targetS3, targetSts),
                (target, targetSageMaker, plan, out) -> await(targetSageMaker,
                        plan.calls().getLast().request().path("EndpointName").asText(), out));
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
