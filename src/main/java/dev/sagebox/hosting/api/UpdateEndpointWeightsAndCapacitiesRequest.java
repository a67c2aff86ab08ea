package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** UpdateEndpointWeightsAndCapacities input. */
public record UpdateEndpointWeightsAndCapacitiesRequest(String endpointName,
                                                        List<DesiredWeightAndCapacity> desiredWeightsAndCapacities) {
    public void validate() {
        Validator v = Validator.create();
        if (v.required("endpointName", endpointName)) {
            v.length("endpointName", endpointName, 0, 63)
                    .pattern("endpointName", endpointName, CreateEndpointConfigRequest.NAME_PATTERN);
        }
        if (v.required("desiredWeightsAndCapacities", desiredWeightsAndCapacities)) {
            v.size("desiredWeightsAndCapacities", desiredWeightsAndCapacities, 1, 10);
            for (int i = 0; i < desiredWeightsAndCapacities.size(); i++) {
                DesiredWeightAndCapacity d = desiredWeightsAndCapacities.get(i);
                String path = Validator.member("desiredWeightsAndCapacities", i);
                v.required(Validator.child(path, "variantName"), d.variantName());
                if (d.desiredWeight() != null && d.desiredWeight() < 0) {
                    v.fail(Validator.child(path, "desiredWeight"), d.desiredWeight(),
                            "Member must have value greater than or equal to 0");
                }
                v.range(Validator.child(path, "desiredInstanceCount"), d.desiredInstanceCount(), 0,
                        Integer.MAX_VALUE);
            }
        }
        v.throwIfInvalid();
    }
}
