package dev.sagebox.scriptmode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/**
 * What the job runner needs to know about a script-mode job before it starts one: whether it is one (CONTRACTS.md
 * §4.4) and which stored object holds its code. Values are decoded as the toolkit decodes them: {@code json.loads},
 * falling back to the raw string, because SDK estimators JSON-encode every hyperparameter.
 */
public final class ScriptModeHyperparameters {
    public static final String PROGRAM = "sagemaker_program";
    public static final String SUBMIT_DIRECTORY = "sagemaker_submit_directory";
    public static final String PROGRAM_VARIABLE = "SAGEMAKER_PROGRAM";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptModeHyperparameters() {
    }

    /** The entry point: the {@code SAGEMAKER_PROGRAM} variable beats the {@code sagemaker_program} hyperparameter. */
    public static Optional<String> entryPoint(Map<String, String> environment, Map<String, String> hyperparameters) {
        String fromEnvironment = environment == null ? null : environment.get(PROGRAM_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment);
        }
        return decoded(hyperparameters, PROGRAM);
    }

    /** Whether the job runs in script mode: it names an entry point one way or the other. */
    public static boolean isScriptMode(Map<String, String> environment, Map<String, String> hyperparameters) {
        return entryPoint(environment, hyperparameters).isPresent();
    }

    /** The decoded {@code sagemaker_submit_directory}, such as {@code s3://bkt/demo/source/sourcedir.tar.gz}. */
    public static Optional<String> submitDirectory(Map<String, String> hyperparameters) {
        return decoded(hyperparameters, SUBMIT_DIRECTORY);
    }

    private static Optional<String> decoded(Map<String, String> hyperparameters, String key) {
        String raw = hyperparameters == null ? null : hyperparameters.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        String value;
        try {
            JsonNode node = JSON.readTree(raw);
            value = node == null || node.isMissingNode() ? raw : node.isTextual() ? node.asText()
                    : node.isNull() ? null : node.toString();
        } catch (JsonProcessingException e) {
            value = raw;
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}
