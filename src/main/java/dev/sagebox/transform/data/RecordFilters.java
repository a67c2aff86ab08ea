package dev.sagebox.transform.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code DataProcessing} on single records (CONTRACTS §8.1): {@code InputFilter} before batching, then per output
 * line the join with the input ({@code JoinSource=Input}) and {@code OutputFilter}. A CSV row is an array of its
 * fields; a JSON object gains {@code SageMakerOutput}, any other JSON value is wrapped with {@code SageMakerInput}.
 * Every result is one line ending in {@code \n}.
 */
public final class RecordFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonPath inputFilter;
    private final JsonPath outputFilter;
    private final boolean joinInput;
    private final RecordFormat input;
    private final RecordFormat output;

    /**
     * @param input  the format of input records (TransformInput.ContentType)
     * @param output the format of the container's answers (Accept), or null to read them as {@code input}
     */
    public RecordFilters(String inputFilter, String outputFilter, boolean joinInput, RecordFormat input,
                         RecordFormat output) {
        this.inputFilter = JsonPath.parse(inputFilter);
        this.outputFilter = JsonPath.parse(outputFilter);
        this.joinInput = joinInput;
        this.input = input;
        this.output = output == null ? input : output;
    }

    public boolean filtersInput() {
        return !inputFilter.isIdentity();
    }

    /** Whether answers must be rewritten line by line: a join or an {@code OutputFilter}. */
    public boolean rewritesOutput() {
        return joinInput || !outputFilter.isIdentity();
    }

    /** The record as sent to the container: {@code InputFilter} applied. */
    public byte[] filterInput(byte[] record) {
        if (inputFilter.isIdentity()) {
            return record;
        }
        JsonNode value = read(line(record), input);
        return write(inputFilter.apply(value), input);
    }

    /** One output line of the container, joined with its input record if asked, then {@code OutputFilter}ed. */
    public byte[] outputRecord(byte[] inputRecord, String outputLine) {
        if (!joinInput) {
            return write(outputFilter.apply(read(outputLine, output)), output);
        }
        JsonNode in = read(line(inputRecord), input);
        JsonNode joined;
        if (input == RecordFormat.CSV) {
            ArrayNode row = ((ArrayNode) in).deepCopy();
            row.addAll((ArrayNode) read(outputLine, RecordFormat.CSV));
            joined = row;
        } else {
            JsonNode out = readLoosely(outputLine);
            if (in instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                copy.set("SageMakerOutput", out);
                joined = copy;
            } else {
                ObjectNode wrapped = NODES.objectNode();
                wrapped.set("SageMakerInput", in);
                wrapped.set("SageMakerOutput", out);
                joined = wrapped;
            }
        }
        return write(outputFilter.apply(joined), input);
    }

    private static String line(byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static JsonNode read(String line, RecordFormat format) {
        if (format == RecordFormat.CSV) {
            ArrayNode row = NODES.arrayNode();
            List<String> fields = CsvFields.split(line);
            fields.forEach(row::add);
            return row;
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the record is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A container's answer joined into JSON: JSON when it parses, else the text itself. */
    private static JsonNode readLoosely(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node == null || node.isMissingNode() ? NODES.textNode(line) : node;
        } catch (JsonProcessingException e) {
            return NODES.textNode(line);
        }
    }

    private static byte[] write(JsonNode value, RecordFormat format) {
        String text;
        if (format == RecordFormat.CSV) {
            text = value.isArray() ? csv((ArrayNode) value) : field(value);
        } else {
            text = value.toString();
        }
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String csv(ArrayNode row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(row.get(i)));
        }
        return text.toString();
    }

    private static String field(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
