package dev.sagebox.clientmatrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalizes a client's scenario transcript so that every client's can be compared line by line: each leaf becomes
 * {@code path = value}, the client's resource prefix becomes {@code {p}}, and what no two runs share is masked.
 */
final class Transcripts {
    static final ObjectMapper JSON = new ObjectMapper();

    private Transcripts() {
    }

    /** Parses the last line of a client's stdout, where every client script prints its transcript. */
    static JsonNode parseLastLine(String stdout) {
        String last = stdout.strip().lines().reduce((first, second) -> second).orElse("");
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new UncheckedIOException("the client printed no transcript; its output ends with: " + last, e);
        }
    }

    /**
     * The transcript as sorted {@code path = value} lines. Numbers are compared by value, since clients render
     * 1.0 (Python, Java floats) and 1 (JavaScript) for the same float; the log stream's start time differs per run.
     */
    static Map<String, String> normalize(JsonNode transcript, String prefix) {
        Map<String, String> lines = new TreeMap<>();
        flatten("", transcript, lines);
        lines.replaceAll((path, value) -> value.replace(prefix, "{p}").replaceAll("/algo-1-\\d+", "/algo-1-{epoch}"));
        return lines;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> lines) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    e.getValue(), lines));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), lines);
            }
            if (node.isEmpty()) {
                lines.put(path, "[]");
            }
        } else if (node.isNumber()) {
            lines.put(path, new BigDecimal(node.asText()).stripTrailingZeros().toPlainString());
        } else {
            lines.put(path, node.isTextual() ? JSON.valueToTree(node.asText()).toString() : node.toString());
        }
    }

    /** The differences as readable lines ({@code - expected}, {@code + actual}); empty when the two agree. */
    static List<String> diff(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        TreeMap<String, String> all = new TreeMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (String path : all.keySet()) {
            String want = expected.get(path);
            String got = actual.get(path);
            if (want == null || !want.equals(got)) {
                out.add("  " + path + ":");
                out.add("    - expected " + (want == null ? "(absent)" : want));
                out.add("    + actual   " + (got == null ? "(absent)" : got));
            }
        }
        return out;
    }
}
