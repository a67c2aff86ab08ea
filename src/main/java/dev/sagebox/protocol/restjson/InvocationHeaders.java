package dev.sagebox.protocol.restjson;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The headers of an InvokeEndpoint call, read in one pass: those forwarded to the container (§7.1), by the spelling
 * the SDKs send, and those used for routing. One pass matters on this path: asking Jetty for each of eleven names
 * scans every header with {@code equalsIgnoreCase} eleven times.
 *
 * @param forwarded {@code Content-Type}, {@code Accept} and the documented {@code X-Amzn-SageMaker-*} headers
 */
record InvocationHeaders(Map<String, String> forwarded, String targetVariant, String targetContainerHostname,
                         String inferenceComponent) {
    private static final String PREFIX = "X-Amzn-SageMaker-";

    /** The {@code X-Amzn-SageMaker-} headers forwarded as sent, by their lower-cased suffix. */
    private static final Map<String, String> FORWARDED = Map.of(
            "custom-attributes", "X-Amzn-SageMaker-Custom-Attributes",
            "target-model", "X-Amzn-SageMaker-Target-Model",
            "inference-id", "X-Amzn-SageMaker-Inference-Id",
            "enable-explanations", "X-Amzn-SageMaker-Enable-Explanations",
            "session-id", "X-Amzn-SageMaker-Session-Id");

    /**
     * @param stream InvokeEndpointWithResponseStream, whose accept type arrives in {@code X-Amzn-SageMaker-Accept}
     *               and is forwarded as {@code Accept} (§7.3)
     */
    static InvocationHeaders read(HttpFields fields, boolean stream) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        String variant = null;
        String container = null;
        String component = null;
        String streamAccept = null;
        for (HttpField field : fields) {
            HttpHeader known = field.getHeader();
            String name = field.getName();
            if (known == HttpHeader.CONTENT_TYPE || known == null && name.equalsIgnoreCase("Content-Type")) {
                forwarded.putIfAbsent("Content-Type", field.getValue());
            } else if (known == HttpHeader.ACCEPT || known == null && name.equalsIgnoreCase("Accept")) {
                forwarded.putIfAbsent("Accept", field.getValue());
            } else if (known == null && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                String suffix = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
                String value = field.getValue();
                switch (suffix) {
                    case "target-variant" -> variant = variant == null ? value : variant;
                    case "target-container-hostname" -> container = container == null ? value : container;
                    case "inference-component" -> component = component == null ? value : component;
                    case "accept" -> streamAccept = streamAccept == null ? value : streamAccept;
                    default -> {
                        String canonical = FORWARDED.get(suffix);
                        if (canonical != null) {
                            forwarded.putIfAbsent(canonical, value);
                        }
                    }
                }
            }
        }
        if (stream && streamAccept != null) {
            forwarded.put("Accept", streamAccept);
        }
        return new InvocationHeaders(forwarded, variant, container, component);
    }
}
