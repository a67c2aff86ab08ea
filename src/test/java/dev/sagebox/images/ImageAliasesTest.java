package dev.sagebox.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alias file {@code sagebox images alias} writes and the server reads, and the local-name rule. */
class ImageAliasesTest {
    private static final String URI = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.8.1-cpu-py3";

    @TempDir
    Path home;

    @Test
    void put_thenRead_keepsTheAliasAndReplacesOnlyTheSameUri() throws IOException {
        ImageAliases aliases = ImageAliases.in(home);
        aliases.put(URI, "my/pt:1");
        aliases.put("acme/algo:2", "algo:dev");
        aliases.put(URI, "my/pt:2");

        assertThat(ImageAliases.in(home).read()).containsExactly(Map.entry(URI, "my/pt:2"),
                Map.entry("acme/algo:2", "algo:dev"));
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(home.resolve("image-aliases.json"));
        }
    }

    @Test
    void read_missingFile_isEmpty() throws IOException {
        assertThat(ImageAliases.in(home).read()).isEmpty();
    }

    @Test
    void read_brokenFile_namesTheFile() throws IOException {
        Files.writeString(home.resolve("image-aliases.json"), "{not json");

        assertThatThrownBy(() -> ImageAliases.in(home).read()).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the image alias file " + home.resolve("image-aliases.json"));
    }

    @Test
    void mergedWith_fileEntriesComeFirstSoAnExactAliasBeatsAConfiguredGlob() throws IOException {
        ImageAliases.in(home).put(URI, "my/pt:exact");
        Map<String, String> configured = ImageAliases.parseConfigured("*/pytorch-training:*=my/pt:glob,"
                + URI + "=ignored");

        Map<String, String> merged = ImageAliases.in(home).mergedWith(configured);

        assertThat(merged).containsExactly(Map.entry(URI, "my/pt:exact"),
                Map.entry("*/pytorch-training:*", "my/pt:glob"));
        assertThat(ImageNames.candidates(URI, merged)).containsExactly(URI, "pytorch-training:1.8.1-cpu-py3",
                "my/pt:exact");
    }

    @Test
    void parseConfigured_keepsOrderAndGlobs_skipsBlanks() {
        assertThat(ImageAliases.parseConfigured(" */xgboost:*=my-xgboost:1 , acme/algo:2=algo:dev,"))
                .containsExactly(Map.entry("*/xgboost:*", "my-xgboost:1"), Map.entry("acme/algo:2", "algo:dev"));
        assertThat(ImageAliases.parseConfigured(null)).isEmpty();
    }

    @Test
    void parseConfigured_entryWithoutEquals_namesTheKey() {
        assertThatThrownBy(() -> ImageAliases.parseConfigured("a=b,oops"))
                .hasMessage("sagebox.images entries are <image>=<local image>, not 'oops'");
    }

    @Test
    void candidates_ecrUriAnswersWithItsRepoAndTag_thenTheFirstMatchingAlias() {
        Map<String, String> aliases = new LinkedHashMap<>();
        aliases.put("*/xgboost:*", "my-xgb:1");
        aliases.put("*", "never");

        assertThat(ImageNames.candidates("683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", aliases))
                .isEqualTo(List.of("683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", "xgboost:1",
                        "my-xgb:1"));
        assertThat(ImageNames.candidates("local/only:1", Map.of())).containsExactly("local/only:1");
    }

    @Test
    void withTag_addsLatestOnlyWhenNoTagOrDigest() {
        assertThat(ImageNames.withTag("127.0.0.1:5000/a/b")).isEqualTo("127.0.0.1:5000/a/b:latest");
        assertThat(ImageNames.withTag("127.0.0.1:5000/a/b:2")).isEqualTo("127.0.0.1:5000/a/b:2");
        assertThat(ImageNames.withTag("a@sha256:00")).isEqualTo("a@sha256:00");
    }
}
