package dev.sagebox.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {
    @Test
    void sizes_takeUnits_autoIsNull() {
        assertThat(DockerSettings.parseSize("k", "1g")).isEqualTo(1L << 30);
        assertThat(DockerSettings.parseSize("k", "512m")).isEqualTo(512L << 20);
        assertThat(DockerSettings.parseSize("k", "2048")).isEqualTo(2048L);
        assertThat(DockerSettings.parseSize("k", "auto")).isNull();
        assertThatThrownBy(() -> DockerSettings.parseSize("sagebox.docker.shmSize", "big"))
                .hasMessage("sagebox.docker.shmSize must be a size such as 1g or 512m, not 'big'");
    }

    @Test
    void imageCandidates_exactThenEcrRepositoryThenFirstMatchingAlias() {
        Map<String, String> aliases = new java.util.LinkedHashMap<>();
        aliases.put("*/algo:*", "algo:local");
        aliases.put("*", "never");
        assertThat(LocalImages.candidates("123456789012.dkr.ecr.us-west-2.amazonaws.com/team/algo:3", aliases))
                .containsExactly("123456789012.dkr.ecr.us-west-2.amazonaws.com/team/algo:3", "team/algo:3",
                        "algo:local");
        assertThat(LocalImages.candidates("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x@sha256:ab", Map.of()))
                .containsExactly("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x@sha256:ab", "x@sha256:ab");
        assertThat(LocalImages.candidates("registry.example/algo:3", Map.of()))
                .containsExactly("registry.example/algo:3");
    }
}
