package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud side is resolved as the AWS CLI resolves it: explicit options, then environment, then the profile. */
class CloudTargetTest {
    @TempDir
    Path dir;

    private String previous;

    @BeforeEach
    void profileFile() throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                [profile offline-lab]
                region = eu-west-1
                endpoint_url = http://127.0.0.1:4599
                """);
        previous = System.getProperty("aws.configFile");
        System.setProperty("aws.configFile", config.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("aws.configFile");
        } else {
            System.setProperty("aws.configFile", previous);
        }
    }

    @Test
    void profile_givesRegionAndEndpointUrl() throws Exception {
        CloudTarget target = CloudTarget.resolve(null, "offline-lab", null, Map.of());

        assertThat(target.region()).isEqualTo("eu-west-1");
        assertThat(target.endpointFor("S3")).isEqualTo(URI.create("http://127.0.0.1:4599"));
        assertThat(target.sageMaker().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4599/"));
    }

    @Test
    void environment_beatsProfile_serviceVariableBeatsGeneral_andOptionBeatsAll() throws Exception {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1111",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2222");
        CloudTarget fromEnv = CloudTarget.resolve("us-west-2", "offline-lab", null, env);
        CloudTarget explicit = CloudTarget.resolve("us-west-2", "offline-lab", "http://127.0.0.1:3333", env);

        assertThat(fromEnv.region()).isEqualTo("us-west-2");
        assertThat(fromEnv.endpointFor("S3")).isEqualTo(URI.create("http://127.0.0.1:2222"));
        assertThat(fromEnv.endpointFor("SAGEMAKER")).isEqualTo(URI.create("http://127.0.0.1:1111"));
        assertThat(explicit.endpointFor("S3")).isEqualTo(URI.create("http://127.0.0.1:3333"));
    }

    @Test
    void withoutOverrides_callsGoToAwsRegionalEndpoints() throws Exception {
        CloudTarget target = CloudTarget.resolve("ap-south-1", null, null, Map.of());

        assertThat(target.endpointFor("S3")).isNull();
        assertThat(target.sageMaker().endpoint().getHost()).isEqualTo("api.sagemaker.ap-south-1.amazonaws.com");
        assertThat(target.logs().endpoint().getHost()).isEqualTo("logs.ap-south-1.amazonaws.com");
    }

    @Test
    void unknownProfile_andMalformedEndpoint_areClearErrors() {
        assertThatThrownBy(() -> CloudTarget.resolve("us-east-1", "nope", null, Map.of()))
                .isInstanceOf(CloudException.class).hasMessageContaining("profile 'nope'");
        assertThatThrownBy(() -> CloudTarget.resolve("us-east-1", null, "not a url", Map.of()))
                .isInstanceOf(CloudException.class).hasMessageContaining("is not a URL");
    }
}
