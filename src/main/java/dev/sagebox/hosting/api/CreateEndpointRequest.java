package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.List;

/** CreateEndpoint input. */
public record CreateEndpointRequest(String endpointName, String endpointConfigName, List<Tag> tags) {
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
        if (tags != null) {
            Tag.validate(v, "tags", tags);
        }
        v.throwIfInvalid();
    }
}
