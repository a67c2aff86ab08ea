package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** UpdateEndpoint is blue/green: the new fleet serves only once healthy, and no call fails during the switch. */
class HostingUpdateIT {
    private static TestServer server;
    private static HostingFixture fixture;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fixture = HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static String invoke(String endpoint) {
        return HostingFixture.invokeJson(runtime, endpoint, "[3]");
    }

    @Test
    void updateEndpoint_underLoad_switchesWithNoFailedCall() {
        HostingFixture.deployEcho(sm, "blue", fixture.modelDir().resolveSibling("blue.port"));
        assertInService(awaitSettled(sm, "blue"));
        HostingFixture.createModel(sm, "green", HostingFixture.DOUBLER, "file://" + fixture.modelDir());
        HostingFixture.createConfig(sm, "green", variant("AllTraffic", "green", 1, 1f));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (running.get() && failure.get() == null) {
                try {
                    invoke("blue");
                    calls.incrementAndGet();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }
        });

        sm.updateEndpoint(b -> b.endpointName("blue").endpointConfigName("green"));
        assertThat(sm.describeEndpoint(b -> b.endpointName("blue")).endpointStatus())
                .isIn(EndpointStatus.UPDATING, EndpointStatus.IN_SERVICE);
        DescribeEndpointResponse settled = awaitNotUpdating();
        running.set(false);
        load.join();

        assertThat(failure.get()).isNull();
        assertThat(calls.get()).isPositive();
        assertInService(settled);
        assertThat(settled.endpointConfigName()).isEqualTo("green");
        assertThat(settled.failureReason()).isNull();
        assertThat(invoke("blue")).isEqualTo("{\"predictions\": [6]}");
    }

    @Test
    void updateEndpoint_failingConfig_keepsOldFleetWithReason() {
        HostingFixture.deployEcho(sm, "steady", fixture.modelDir().resolveSibling("steady.port"));
        assertInService(awaitSettled(sm, "steady"));
        HostingFixture.createModel(sm, "broken", HostingFixture.CRASHER, null);
        HostingFixture.createConfig(sm, "broken", variant("AllTraffic", "broken", 1, 1f));

        sm.updateEndpoint(b -> b.endpointName("steady").endpointConfigName("broken"));
        DescribeEndpointResponse settled = awaitNotUpdating("steady");

        assertInService(settled);
        assertThat(settled.endpointConfigName()).isEqualTo("steady");
        assertThat(settled.failureReason()).contains("did not pass the ping health check");
        assertThat(invoke("steady")).isEqualTo("[3]");
    }

    @Test
    void updateEndpoint_missingEndpoint_isValidationException() {
        assertThatThrownBy(() -> sm.updateEndpoint(b -> b.endpointName("ghost").endpointConfigName("ghost")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Could not find endpoint \"arn:aws:sagemaker:us-east-1:"
                        + "000000000000:endpoint/ghost\"."));
    }

    private static DescribeEndpointResponse awaitNotUpdating() {
        return awaitNotUpdating("blue");
    }

    private static DescribeEndpointResponse awaitNotUpdating(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            DescribeEndpointResponse d = sm.describeEndpoint(b -> b.endpointName(name));
            if (d.endpointStatus() != EndpointStatus.UPDATING) {
                return d;
            }
            sm.waiter().waitUntilEndpointInService(HostingFixture.describeRequest(name),
                    HostingFixture.fastPolling());
        }
        throw new AssertionError(name + " still Updating after 60 s");
    }
}
