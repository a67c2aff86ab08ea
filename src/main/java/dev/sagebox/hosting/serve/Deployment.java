package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.AsyncInferenceConfig;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.api.DataCaptureConfig;
import dev.sagebox.hosting.api.ProductionVariant;
import java.util.List;

/** What to serve for one endpoint: each variant with the model it was deployed with. */
public record Deployment(Region region, String endpointName, String endpointArn, List<Variant> variants,
                         AsyncInferenceConfig asyncInferenceConfig, DataCaptureConfig dataCaptureConfig) {
    public Deployment(Region region, String endpointName, String endpointArn, List<Variant> variants) {
        this(region, endpointName, endpointArn, variants, null, null);
    }

    /** A production variant and its model's spec, copied at deploy time so later deletes do not affect it. */
    public record Variant(ProductionVariant variant, CreateModelRequest model) {
    }

    public static String logGroup(String endpointName) {
        return "/aws/sagemaker/Endpoints/" + endpointName;
    }
}
