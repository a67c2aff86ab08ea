package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** The outputs of a processing job (at most 10). */
public record ProcessingOutputConfig(List<ProcessingOutput> outputs, String kmsKeyId) {
    void validate(Validator v, String path) {
        String list = Validator.child(path, "outputs");
        if (!v.required(list, outputs)) {
            return;
        }
        v.size(list, outputs, 0, 10);
        for (int i = 0; i < outputs.size(); i++) {
            String member = Validator.member(list, i);
            if (v.required(member, outputs.get(i))) {
                outputs.get(i).validate(v, member);
            }
        }
    }

    ProcessingOutputConfig withDefaults() {
        return new ProcessingOutputConfig(outputs.stream().map(ProcessingOutput::withDefaults).toList(), kmsKeyId);
    }
}
