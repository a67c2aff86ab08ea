package dev.sagebox.transform.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordFiltersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void csv_inputFilterDropsTheId_joinAppendsOutput_outputFilterKeepsIdAndScore() {
        RecordFilters f = new RecordFilters("$[1:]", "$[0,-1]", true, RecordFormat.CSV, RecordFormat.CSV);

        assertThat(s(f.filterInput(b("\"a,b\",1,2\r\n")))).isEqualTo("1,2\n");
        assertThat(s(f.outputRecord(b("\"a,b\",1,2\r\n"), "0.9"))).isEqualTo("\"a,b\",0.9\n");
    }

    @Test
    void json_objectGainsSageMakerOutput_otherValuesAreWrapped() {
        RecordFilters f = new RecordFilters(null, null, true, RecordFormat.JSON_LINES, RecordFormat.JSON);

        assertThat(s(f.outputRecord(b("{\"id\":1}\n"), "{\"p\":2}")))
                .isEqualTo("{\"id\":1,\"SageMakerOutput\":{\"p\":2}}\n");
        assertThat(s(f.outputRecord(b("[1,2]\n"), "not json"))).isEqualTo("{\"SageMakerInput\":[1,2],"
                + "\"SageMakerOutput\":\"not json\"}\n");
    }

    @Test
    void outputFilterWithoutJoin_appliesToEachAnswerLine() {
        RecordFilters f = new RecordFilters(null, "$.score", false, RecordFormat.JSON_LINES, null);

        assertThat(f.rewritesOutput()).isTrue();
        assertThat(f.filtersInput()).isFalse();
        assertThat(s(f.outputRecord(null, "{\"score\":0.25,\"x\":1}"))).isEqualTo("0.25\n");
    }

    @Test
    void recordFormat_readsContentTypesWithParameters() {
        assertThat(RecordFormat.of("text/csv; charset=utf-8")).isEqualTo(RecordFormat.CSV);
        assertThat(RecordFormat.of("application/jsonlines")).isEqualTo(RecordFormat.JSON_LINES);
        assertThat(RecordFormat.of("application/x-image")).isNull();
    }
}
