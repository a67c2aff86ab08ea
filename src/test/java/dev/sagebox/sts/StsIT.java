package dev.sagebox.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

class StsIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void getCallerIdentity_javaSdk_returnsLocalAccountAndCallerKey() {
        try (StsClient sts = server.sts()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("000000000000");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(identity.userId()).isEqualTo("test");
        }
    }

    @Test
    void getCallerIdentity_boto3_parsesXmlReply() {
        String out = ClientScripts.python(server.endpoint(), "sts_identity.py").assertSuccess().stdout();
        assertThat(out.trim()).isEqualTo("000000000000 arn:aws:iam::000000000000:root test");
    }
}
