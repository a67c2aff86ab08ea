package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.images.ImageAliases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMappingTest {
    private static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algo:1";

    @TempDir
    Path home;

    @Test
    void cloudUri_staysAsItIs() throws Exception {
        assertThat(ImageMapping.of(home, Map.of(), null).map(ECR))
                .isEqualTo(new ImageMapping.Mapped(ECR, ECR, false));
    }

    @Test
    void localAlias_goesBackToTheUriItStandsFor() throws Exception {
        ImageAliases.in(home).put(ECR, "my-algo:dev");

        assertThat(ImageMapping.of(home, Map.of(), null).map("my-algo:dev").target()).isEqualTo(ECR);
    }

    @Test
    void configuredGlobAlias_isNoWayBack_soTheLocalImageIsRefused() throws Exception {
        ImageMapping mapping = ImageMapping.of(home, Map.of("*/my-algo:*", "my-algo:dev"), null);

        assertThatThrownBy(() -> mapping.map("my-algo:dev")).isInstanceOf(CloudException.class)
                .hasMessageContaining("exists only on this machine").hasMessageContaining("--push-image");
    }

    @Test
    void pushImage_takesTheLocalTagWhenTheRepositoryHasNone() throws Exception {
        ImageMapping mapping = ImageMapping.of(home, Map.of(), "123456789012.dkr.ecr.us-east-1.amazonaws.com/algo");

        assertThat(mapping.map("my-algo:dev")).isEqualTo(new ImageMapping.Mapped("my-algo:dev",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:dev", true));
        assertThat(ImageMapping.withTagOf("127.0.0.1:5000/algo:7", "x:dev")).isEqualTo("127.0.0.1:5000/algo:7");
        assertThat(ImageMapping.withTagOf("127.0.0.1:5000/algo", "x")).isEqualTo("127.0.0.1:5000/algo:latest");
    }

    @Test
    void ecrImageFromAnotherRegion_isRefusedWithTheWayOut() throws Exception {
        assertThatThrownBy(() -> ImageMapping.of(home, Map.of(), null).map(ECR, "eu-west-1"))
                .isInstanceOf(CloudException.class).hasMessageContaining("is in ECR region us-east-1")
                .hasMessageContaining("--push-image");
    }

    @Test
    void pushImage_thatNamesNoRegistryRepository_isRefused() {
        for (String bad : new String[] {"my-algo", "Upper.example.com/Algo", "registry.example.com/"}) {
            assertThatThrownBy(() -> ImageMapping.of(home, Map.of(), bad)).as(bad)
                    .isInstanceOf(CloudException.class).hasMessageContaining("is not a repository");
        }
    }
}
