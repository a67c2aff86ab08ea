package dev.sagebox.hosting.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.hosting.api.CaptureContentTypeHeader;
import dev.sagebox.hosting.api.DataCaptureConfig;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records sampled InvokeEndpoint calls of endpoints whose config has a DataCaptureConfig: one JSON Lines object per
 * call at {@code <DestinationS3Uri>/<endpoint>/<variant>/yyyy/mm/dd/hh/<uuid>.jsonl}, in the record form Model Monitor
 * reads (CONTRACTS §6.1). Writing happens after the answer, on its own virtual thread, so it never delays a call.
 */
public final class DataCapture {
    private static final Logger LOG = LoggerFactory.getLogger(DataCapture.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    private final ObjectStore objects;
    private final Clock clock;

    public DataCapture(ObjectStore objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** Records one successful call if the endpoint captures and the call falls in the sample. */
    void record(RunningEndpoint endpoint, InvocationRequest request, InvocationResult result) {
        DataCaptureConfig config = endpoint.capture;
        if (config == null || !config.isEnabled() || config.initialSamplingPercentage() == null
                || ThreadLocalRandom.current().nextInt(100) >= config.initialSamplingPercentage()) {
            return;
        }
        Instant at = clock.instant();
        Thread.ofVirtual().name("sagebox-capture-" + endpoint.name).start(() -> write(endpoint.name, config,
                request, result, at));
    }

    private void write(String endpoint, DataCaptureConfig config, InvocationRequest request, InvocationResult result,
                       Instant at) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        if (config.captures("Input")) {
            data.put("endpointInput", part(config, "INPUT", request.headers().get("Content-Type"), request.body()));
        }
        if (config.captures("Output")) {
            data.put("endpointOutput", part(config, "OUTPUT", result.contentType(), result.body()));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("captureData", data);
        record.put("eventMetadata", Map.of("eventId", id, "inferenceTime", at.toString()));
        record.put("eventVersion", "0");
        String destination = config.destinationS3Uri().replaceFirst("/+$", "");
        String location = destination + "/" + endpoint + "/" + result.invokedVariant() + "/" + HOUR.format(at) + "/"
                + id + ".jsonl";
        try {
            byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            String[] parts = AsyncInvocations.split(location);
            objects.put(parts[0], parts[1], new ByteArrayInputStream(line),
                    ObjectMetadata.ofType("application/jsonlines"), Set.of(), digests -> null);
        } catch (IOException | RuntimeException e) {
            // A lost capture must not fail the call it records; the log says where it should have gone.
            LOG.warn("cannot write captured data of endpoint {} to {}: {}", endpoint, location, e.toString());
        }
    }

    private static Map<String, Object> part(DataCaptureConfig config, String mode, String contentType, byte[] body) {
        String encoding = encoding(config.captureContentTypeHeader(), contentType);
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("observedContentType", contentType);
        part.put("mode", mode);
        part.put("data", encoding.equals("BASE64") ? Base64.getEncoder().encodeToString(body)
                : new String(body, StandardCharsets.UTF_8));
        part.put("encoding", encoding);
        return part;
    }

    /** CSV or JSON for the types the config lists as such; base64 for anything else, as AWS does by default. */
    static String encoding(CaptureContentTypeHeader header, String contentType) {
        if (header == null || contentType == null) {
            return "BASE64";
        }
        String type = contentType.split(";", 2)[0].trim();
        if (contains(header.csvContentTypes(), type)) {
            return "CSV";
        }
        return contains(header.jsonContentTypes(), type) ? "JSON" : "BASE64";
    }

    private static boolean contains(List<String> types, String type) {
        return types != null && types.stream().anyMatch(t -> t.equalsIgnoreCase(type));
    }
}
