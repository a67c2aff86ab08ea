package dev.sagebox.hosting.serve;

import java.util.Map;

/**
 * One InvokeEndpoint call as the runtime codec read it.
 *
 * @param headers       the headers to forward to the container ({@code Content-Type}, {@code Accept} and the
 *                      documented {@code X-Amzn-SageMaker-*} ones), by their canonical spelling
 * @param targetVariant {@code X-Amzn-SageMaker-Target-Variant}, or null to pick by weight
 * @param targetContainerHostname {@code X-Amzn-SageMaker-Target-Container-Hostname}: the container of a Direct
 *                      multi-container endpoint, else null
 */
public record InvocationRequest(String endpointName, byte[] body, Map<String, String> headers, String targetVariant,
                                String targetContainerHostname) {
    public InvocationRequest {
        headers = Map.copyOf(headers);
    }

    public InvocationRequest(String endpointName, byte[] body, Map<String, String> headers, String targetVariant) {
        this(endpointName, body, headers, targetVariant, null);
    }
}
