package dev.sagebox.training;

import dev.sagebox.aws.SageMakerError;
import dev.sagebox.aws.Validator;
import java.util.List;
import java.util.Map;

/** Which image runs, how input is fed, which metrics are scraped and what replaces the image's {@code train}. */
public record AlgorithmSpecification(String trainingImage, String algorithmName, String trainingInputMode,
                                     List<MetricDefinition> metricDefinitions,
                                     Boolean enableSageMakerMetricsTimeSeries, List<String> containerEntrypoint,
                                     List<String> containerArguments, Map<String, Object> trainingImageConfig) {
    static final List<String> INPUT_MODES = List.of("Pipe", "File", "FastFile");

    void validate(Validator v, String path) {
        String image = Validator.child(path, "trainingImage");
        if (algorithmName == null && v.required(image, trainingImage)) {
            v.length(image, trainingImage, 0, 255);
        }
        String mode = Validator.child(path, "trainingInputMode");
        if (v.required(mode, trainingInputMode)) {
            v.oneOf(mode, trainingInputMode, INPUT_MODES);
        }
        String metrics = Validator.child(path, "metricDefinitions");
        v.size(metrics, metricDefinitions, 0, 40);
        if (metricDefinitions != null) {
            for (int i = 0; i < metricDefinitions.size(); i++) {
                String member = Validator.member(metrics, i);
                if (v.required(member, metricDefinitions.get(i))) {
                    metricDefinitions.get(i).validate(v, member);
                }
            }
        }
        v.size(Validator.child(path, "containerEntrypoint"), containerEntrypoint, 1, 100);
        v.size(Validator.child(path, "containerArguments"), containerArguments, 1, 100);
    }

    /** Sagebox runs images only; marketplace algorithms cannot be resolved locally. */
    void refuseAlgorithmName() {
        if (algorithmName != null) {
            throw SageMakerError.VALIDATION.exception("AlgorithmName is not supported by Sagebox; "
                    + "give AlgorithmSpecification.TrainingImage instead.");
        }
    }
}
