package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;

/** UpdateEndpoint input: the endpoint moves to another endpoint config, blue/green. */
public record UpdateEndpointRequest(String endpointName, String endpointConfigName) {
    public void validate() {
        Validator v = Validator.create();
        if (v.required("endpointName", endpointName)) {
            v.length("endpointName", endpointName, 0, 63)
                    .pattern("endpointName", endpointName, CreateEndpointConfigRequest.NAME_PATTERN);
        }
        if (v.required("endpointConfigName", endpointConfigName)) {
            v.length("endpointConfigName", endpointConfigName, 0, 63)
                    .pattern("endpointConfigName", endpointConfigName, CreateEndpointConfigRequest.NAME_PATTERN);
        }
        v.throwIfInvalid();
    }
}
