package dev.sagebox.transform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String apply(String path, String json) throws Exception {
        JsonNode result = JsonPath.parse(path).apply(JSON.readTree(json));
        return result.toString();
    }

    @Test
    void documentedForms_selectAsSageMakerDescribes() throws Exception {
        String row = "[\"id\",1,2,3,4]";
        assertThat(apply("$", row)).isEqualTo(row);
        assertThat(apply("$[1:]", row)).isEqualTo("[1,2,3,4]");
        assertThat(apply("$[0,-1]", row)).isEqualTo("[\"id\",4]");
        assertThat(apply("$[1:3]", row)).isEqualTo("[1,2]");
        assertThat(apply("$[0,2:]", row)).isEqualTo("[\"id\",2,3,4]");
        assertThat(apply("$[-1]", row)).isEqualTo("4");
        assertThat(apply("$[*]", row)).isEqualTo(row);
        String record = "{\"id\":7,\"features\":[1,2],\"SageMakerOutput\":{\"score\":0.5}}";
        assertThat(apply("$.features", record)).isEqualTo("[1,2]");
        assertThat(apply("$.SageMakerOutput.score", record)).isEqualTo("0.5");
        assertThat(apply("$['id','SageMakerOutput']", record)).isEqualTo("{\"id\":7,\"SageMakerOutput\":"
                + "{\"score\":0.5}}");
        assertThat(apply("$['features'][0]", record)).isEqualTo("1");
    }

    @Test
    void afterASelectionOfSeveral_laterStepsApplyToEach() throws Exception {
        assertThat(apply("$[*].a", "[{\"a\":1},{\"a\":2}]")).isEqualTo("[1,2]");
    }

    @Test
    void badPaths_andPathsThatDoNotFitTheRecord_areErrors() throws Exception {
        assertThatThrownBy(() -> JsonPath.parse("features")).hasMessageContaining("starts with $");
        assertThatThrownBy(() -> JsonPath.parse("$[1")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> JsonPath.parse("$[a]")).hasMessageContaining("an index is expected");
        assertThatThrownBy(() -> apply("$[9]", "[1]")).hasMessageContaining("outside a record of 1");
        assertThatThrownBy(() -> apply("$.x", "{}")).hasMessageContaining("no member x");
        assertThat(JsonPath.parse(null).isIdentity()).isTrue();
    }
}
