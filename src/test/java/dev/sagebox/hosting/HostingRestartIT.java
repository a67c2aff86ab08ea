package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.DOUBLER;
import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.deploy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/** Endpoints come back after a server restart, and CreateEndpoint may block until InService. */
class HostingRestartIT {
    @Test
    void restart_inServiceEndpointServesAgain() throws Exception {
        TestServer first = TestServer.start();
        Path home = first.home();
        HostingFixture fixture = HostingFixture.install(first);
        deploy(first.sageMaker(), "survivor", DOUBLER, "file://" + fixture.modelDir());
        assertInService(awaitSettled(first.sageMaker(), "survivor"));
        first.close();

        TestServer second = TestServer.startOn(home, Map.of());
        try {
            assertThat(second.sageMaker().describeEndpoint(b -> b.endpointName("survivor")).endpointStatus())
                    .isIn(EndpointStatus.SYSTEM_UPDATING, EndpointStatus.IN_SERVICE);
            assertInService(awaitSettled(second.sageMaker(), "survivor"));

            String body = second.sageMakerRuntime().invokeEndpoint(b -> b.endpointName("survivor")
                    .contentType("application/json").body(SdkBytes.fromString("[7]", StandardCharsets.UTF_8)))
                    .body().asUtf8String();

            assertThat(body).isEqualTo("{\"predictions\": [14]}");
        } finally {
            second.close();
            first.delete();
        }
    }

    @Test
    void createWaitSeconds_firstDescribeSeesInService() throws Exception {
        TestServer server = TestServer.start(Map.of(SageboxConfig.HOSTING_CREATE_WAIT, "30"));
        try {
            HostingFixture fixture = HostingFixture.install(server);

            deploy(server.sageMaker(), "eager", DOUBLER, "file://" + fixture.modelDir());

            assertThat(server.sageMaker().describeEndpoint(b -> b.endpointName("eager")).endpointStatus())
                    .isEqualTo(EndpointStatus.IN_SERVICE);
        } finally {
            server.close();
            server.delete();
        }
    }
}
