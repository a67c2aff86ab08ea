package dev.sagebox.transform;

import dev.sagebox.transform.api.CreateTransformJobRequest;
import dev.sagebox.transform.api.DataProcessing;
import dev.sagebox.transform.data.JsonPath;
import dev.sagebox.transform.data.RecordFormat;

/**
 * Refuses {@code DataProcessing} that the job could not apply (CONTRACTS §8.1): filters and joins work on CSV, JSON
 * and JSON Lines records cut by {@code SplitType Line}, with paths in the JSONPath subset SageMaker documents.
 */
final class DataProcessingCheck {
    private DataProcessingCheck() {
    }

    static void check(CreateTransformJobRequest request) {
        DataProcessing dp = request.dataProcessing();
        if (dp == null || !dp.isActive()) {
            return;
        }
        String contentType = request.transformInput().contentType();
        if (RecordFormat.of(contentType) == null) {
            throw TransformErrors.invalid("DataProcessing needs TransformInput.ContentType text/csv, application/json"
                    + " or application/jsonlines, not " + (contentType == null ? "none" : contentType) + ".");
        }
        if (!"Line".equals(request.transformInput().splitType())) {
            throw TransformErrors.invalid("DataProcessing needs TransformInput.SplitType Line, not "
                    + (request.transformInput().splitType() == null ? "None" : request.transformInput().splitType())
                    + ".");
        }
        parse("InputFilter", dp.inputFilter());
        parse("OutputFilter", dp.outputFilter());
    }

    private static void parse(String member, String filter) {
        try {
            JsonPath.parse(filter);
        } catch (IllegalArgumentException e) {
            throw TransformErrors.invalid("DataProcessing." + member + " " + filter + " is not a supported JSONPath: "
                    + e.getMessage());
        }
    }
}
