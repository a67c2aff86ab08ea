package dev.sagebox.hosting;

import dev.sagebox.hosting.api.CreateEndpointConfigRequest;
import dev.sagebox.hosting.api.CreateModelRequest;
import java.util.Map;

/**
 * An endpoint's stored record: the config and models it was deployed with (copies, since either may be deleted while
 * it runs, and a restart must redeploy the same thing) and its failure reason.
 */
record Endpoint(String endpointConfigName, CreateEndpointConfigRequest config, Map<String, CreateModelRequest> models,
                String failureReason) {
    Endpoint withFailure(String reason) {
        return new Endpoint(endpointConfigName, config, models, reason);
    }
}
