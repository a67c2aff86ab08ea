package dev.sagebox.tags;

import dev.sagebox.aws.Validator;
import java.util.List;

/** One SageMaker tag, as in the API's {@code Tag} shape. */
public record Tag(String key, String value) {
    static final String PATTERN = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";

    /** Checks a request's {@code Tags} list (at most 50) against the model's constraints. */
    public static void validate(Validator v, String path, List<Tag> tags) {
        if (tags == null) {
            return;
        }
        v.size(path, tags, 0, 50);
        for (int i = 0; i < tags.size(); i++) {
            String member = Validator.member(path, i);
            Tag tag = tags.get(i);
            if (tag == null) {
                v.required(member, null);
                continue;
            }
            String key = Validator.child(member, "key");
            if (v.required(key, tag.key())) {
                v.length(key, tag.key(), 1, 128).pattern(key, tag.key(), PATTERN);
            }
            String value = Validator.child(member, "value");
            if (v.required(value, tag.value())) {
                v.length(value, tag.value(), 0, 256).pattern(value, tag.value(), PATTERN);
            }
        }
    }
}
