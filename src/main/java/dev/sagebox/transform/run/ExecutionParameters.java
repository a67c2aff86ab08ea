package dev.sagebox.transform.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.transform.BatchSettings;
import dev.sagebox.transform.api.CreateTransformJobRequest;

/**
 * Settles a job's batch settings (CONTRACTS §8.1): what the user set wins; a value left out comes from the
 * container's {@code GET /execution-parameters} when it offers one, else from Sagebox's defaults. The container may
 * spell the strategy {@code MULTI_RECORD} or {@code MultiRecord}.
 */
final class ExecutionParameters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionParameters() {
    }

    /** The settings before the container was asked: the user's values, else the defaults. */
    static BatchSettings initial(CreateTransformJobRequest spec) {
        return settle(spec, null);
    }

    /** @param offered the body of {@code /execution-parameters}, or null when the container has none */
    static BatchSettings settle(CreateTransformJobRequest spec, String offered) {
        JsonNode params = parse(offered);
        BatchSettings d = BatchSettings.DEFAULTS;
        int concurrency = spec.maxConcurrentTransforms() != null && spec.maxConcurrentTransforms() > 0
                ? spec.maxConcurrentTransforms() : positive(params, "MaxConcurrentTransforms",
                d.maxConcurrentTransforms());
        int payload = spec.maxPayloadInMB() != null ? spec.maxPayloadInMB()
                : params != null && params.path("MaxPayloadInMB").canConvertToInt()
                && params.path("MaxPayloadInMB").asInt() >= 0 ? params.path("MaxPayloadInMB").asInt()
                : d.maxPayloadInMB();
        String strategy = spec.batchStrategy() != null ? spec.batchStrategy()
                : strategy(params == null ? null : params.path("BatchStrategy").asText(null), d.batchStrategy());
        return new BatchSettings(concurrency, payload, strategy);
    }

    private static int positive(JsonNode params, String name, int otherwise) {
        if (params != null && params.path(name).canConvertToInt() && params.path(name).asInt() > 0) {
            return params.path(name).asInt();
        }
        return otherwise;
    }

    private static String strategy(String offered, String otherwise) {
        if (offered == null) {
            return otherwise;
        }
        return switch (offered.replace("_", "").toLowerCase(java.util.Locale.ROOT)) {
            case "multirecord" -> "MultiRecord";
            case "singlerecord" -> "SingleRecord";
            default -> otherwise;
        };
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
