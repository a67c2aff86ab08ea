package dev.sagebox.transform.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset SageMaker documents for {@code InputFilter} and {@code OutputFilter}: {@code $}, {@code .name},
 * {@code ['a','b']}, {@code [i,j]} (negative indexes count from the end), {@code [a:b]}, and {@code [*]}. Index lists
 * and slices may be mixed ({@code [0,2:]}). A step that selects several elements yields an array (an object for
 * several names), and the steps after it apply to each element.
 */
public final class JsonPath {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private sealed interface Step permits Name, Names, Indexes, Wildcard {
    }

    private record Name(String name) implements Step {
    }

    private record Names(List<String> names) implements Step {
    }

    /** Each entry is {@code {index}} or {@code {from, to}} with {@link Integer#MIN_VALUE} for an open end. */
    private record Indexes(List<int[]> entries) implements Step {
        boolean isSingle() {
            return entries.size() == 1 && entries.getFirst().length == 1;
        }
    }

    private record Wildcard() implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses a filter; null, blank and {@code $} are the identity. */
    public static JsonPath parse(String text) {
        if (text == null || text.isBlank()) {
            return new JsonPath("$", List.of());
        }
        String path = text.strip();
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("a path starts with $");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("an empty name after '.' at position " + i);
                }
                steps.add(name.equals("*") ? new Wildcard() : new Name(name));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("'[' at position " + i + " is not closed");
                }
                steps.add(bracket(path.substring(i + 1, end).strip()));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPath(path, List.copyOf(steps));
    }

    private static Step bracket(String inside) {
        if (inside.equals("*")) {
            return new Wildcard();
        }
        if (inside.startsWith("'") || inside.startsWith("\"")) {
            List<String> names = new ArrayList<>();
            for (String part : inside.split(",")) {
                String p = part.strip();
                if (p.length() < 2 || (p.charAt(0) != '\'' && p.charAt(0) != '"') || p.charAt(p.length() - 1)
                        != p.charAt(0)) {
                    throw new IllegalArgumentException("a quoted name is expected, not " + p);
                }
                names.add(p.substring(1, p.length() - 1));
            }
            return names.size() == 1 ? new Name(names.getFirst()) : new Names(List.copyOf(names));
        }
        List<int[]> entries = new ArrayList<>();
        for (String part : inside.split(",")) {
            String p = part.strip();
            int colon = p.indexOf(':');
            if (colon < 0) {
                entries.add(new int[] {integer(p)});
            } else {
                String from = p.substring(0, colon).strip();
                String to = p.substring(colon + 1).strip();
                entries.add(new int[] {from.isEmpty() ? Integer.MIN_VALUE : integer(from),
                        to.isEmpty() ? Integer.MIN_VALUE : integer(to)});
            }
        }
        return new Indexes(List.copyOf(entries));
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an index is expected, not '" + text + "'");
        }
    }

    public boolean isIdentity() {
        return steps.isEmpty();
    }

    /**
     * Applies the path to a value.
     *
     * @throws IllegalArgumentException when a step does not fit the value (a name on an array, a missing member)
     */
    public JsonNode apply(JsonNode value) {
        return apply(value, 0);
    }

    private JsonNode apply(JsonNode value, int from) {
        JsonNode current = value;
        for (int s = from; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (step instanceof Name name) {
                current = member(current, name.name());
                continue;
            }
            JsonNode selected = select(current, step);
            if (s + 1 == steps.size()) {
                return selected;
            }
            if (selected instanceof ArrayNode array) {
                ArrayNode mapped = NODES.arrayNode();
                for (JsonNode element : array) {
                    mapped.add(apply(element, s + 1));
                }
                return mapped;
            }
            current = selected;
        }
        return current;
    }

    private JsonNode member(JsonNode value, String name) {
        if (!value.isObject()) {
            throw new IllegalArgumentException(text + ": ." + name + " needs an object, not " + value.getNodeType());
        }
        JsonNode child = value.get(name);
        if (child == null) {
            throw new IllegalArgumentException(text + ": the record has no member " + name);
        }
        return child;
    }

    private JsonNode select(JsonNode value, Step step) {
        return switch (step) {
            case Names names -> {
                ObjectNode picked = NODES.objectNode();
                for (String name : names.names()) {
                    picked.set(name, member(value, name));
                }
                yield picked;
            }
            case Wildcard w -> {
                ArrayNode all = NODES.arrayNode();
                for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                    all.add(it.next());
                }
                yield all;
            }
            case Indexes indexes -> indexes(value, indexes);
            case Name name -> member(value, name.name());
        };
    }

    private JsonNode indexes(JsonNode value, Indexes indexes) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(text + ": an index needs an array, not " + value.getNodeType());
        }
        int size = value.size();
        ArrayNode picked = NODES.arrayNode();
        for (int[] entry : indexes.entries()) {
            if (entry.length == 1) {
                int index = entry[0] < 0 ? size + entry[0] : entry[0];
                if (index < 0 || index >= size) {
                    throw new IllegalArgumentException(text + ": index " + entry[0] + " is outside a record of "
                            + size + " elements");
                }
                if (indexes.isSingle()) {
                    return value.get(index);
                }
                picked.add(value.get(index));
            } else {
                int start = bound(entry[0], size, 0);
                int end = bound(entry[1], size, size);
                for (int i = start; i < end; i++) {
                    picked.add(value.get(i));
                }
            }
        }
        return picked;
    }

    private static int bound(int given, int size, int open) {
        if (given == Integer.MIN_VALUE) {
            return open;
        }
        int at = given < 0 ? size + given : given;
        return Math.max(0, Math.min(size, at));
    }

    @Override
    public String toString() {
        return text;
    }
}
