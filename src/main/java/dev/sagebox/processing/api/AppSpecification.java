package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** The image a processing job runs and, optionally, the entrypoint and arguments that replace its own. */
public record AppSpecification(String imageUri, List<String> containerEntrypoint, List<String> containerArguments) {
    void validate(Validator v, String path) {
        String image = Validator.child(path, "imageUri");
        if (v.required(image, imageUri)) {
            v.length(image, imageUri, 0, 255);
        }
        v.size(Validator.child(path, "containerEntrypoint"), containerEntrypoint, 1, 100);
        v.size(Validator.child(path, "containerArguments"), containerArguments, 1, 100);
    }

    /** The arguments, never null. */
    public List<String> arguments() {
        return containerArguments == null ? List.of() : containerArguments;
    }

    /** Whether {@code ContainerEntrypoint} replaces the image's ENTRYPOINT. */
    public boolean hasEntrypoint() {
        return containerEntrypoint != null && !containerEntrypoint.isEmpty();
    }
}
