package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites {@code s3://} URIs in a request: every bucket becomes the target bucket and keys stay as they are, so
 * {@code s3://sagebox-data/train/} becomes {@code s3://<bucket>/train/}. It also finds the URIs inside
 * hyperparameters, which the SageMaker Python SDK JSON-quotes ({@code "\"s3://b/src.tar.gz\""}).
 */
final class S3Uris {
    private static final Pattern URI = Pattern.compile("s3://([a-z0-9][a-z0-9.\\-]{0,62})(/[^\"\\s]*)?");

    private S3Uris() {
    }

    /** {@code text} with each s3 URI's bucket replaced by {@code bucket}. */
    static String rewrite(String text, String bucket) {
        Matcher m = URI.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("s3://" + bucket + (m.group(2) == null ? ""
                    : m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Rewrites every string in {@code node}, in place. */
    static void rewriteAll(JsonNode node, String bucket) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                if (field.getValue().isTextual()) {
                    object.set(field.getKey(), TextNode.valueOf(rewrite(field.getValue().asText(), bucket)));
                } else {
                    rewriteAll(field.getValue(), bucket);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(rewrite(array.get(i).asText(), bucket)));
                } else {
                    rewriteAll(array.get(i), bucket);
                }
            }
        }
    }

    /** Drops empty strings, empty objects and empty arrays, which Describe shows and Create may refuse. */
    static void dropEmpty(JsonNode node) {
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) {
            JsonNode child = children.next();
            dropEmpty(child);
            if ((child.isTextual() && child.asText().isEmpty()) || (child.isContainerNode() && child.isEmpty())) {
                children.remove();
            }
        }
    }

    /** The bucket and key of an {@code s3://} URI, unquoting a JSON-quoted hyperparameter first. */
    static String[] parse(String uri) {
        String plain = uri.startsWith("\"") && uri.endsWith("\"") && uri.length() > 1
                ? uri.substring(1, uri.length() - 1) : uri;
        if (!plain.startsWith("s3://")) {
            return null;
        }
        String rest = plain.substring(5);
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }
}
