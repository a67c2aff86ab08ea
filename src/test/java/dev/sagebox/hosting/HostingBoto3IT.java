package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** boto3 deploys, invokes (success, unknown endpoint, ModelError) and deletes endpoints, waiters included. */
class HostingBoto3IT {
    private static TestServer server;
    private static HostingFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fixture = HostingFixture.install(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void boto3_deployInvokeDelete() {
        String out = ClientScripts.python(server.endpoint(), "hosting_boto3.py", HostingFixture.DOUBLER,
                fixture.modelDir().toString(), HostingFixture.BAD_REQUEST).assertSuccess().stdout();

        assertThat(out.lines()).containsExactly(
                "prediction {\"predictions\": [8, 10]} AllTraffic",
                "missing ValidationError 400",
                "model-error 400 bad input arn:aws:logs:us-east-1:000000000000:log-group:"
                        + "/aws/sagemaker/Endpoints/boto-bad",
                "deleted 0");
    }

    @Test
    void boto3_invokeWithResponseStream_yieldsPayloadParts() {
        HostingFixture.deploy(server.sageMaker(), "streamed", HostingFixture.DOUBLER,
                "file://" + fixture.modelDir());
        HostingFixture.assertInService(HostingFixture.awaitSettled(server.sageMaker(), "streamed"));

        String out = ClientScripts.python(server.endpoint(), "hosting_stream_boto3.py", "streamed")
                .assertSuccess().stdout();

        assertThat(out.trim()).isEqualTo("application/json AllTraffic 1 {\"predictions\": [6, 8]}");
    }
}
