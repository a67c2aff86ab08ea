package dev.sagebox.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects field errors the way AWS's request validation reports them and throws them once, as one
 * {@code ValidationException}: {@code 2 validation errors detected: Value null at 'trainingJobName' failed to
 * satisfy constraint: Member must not be null; ...}. Paths are camelCase with 1-based list indexes
 * ({@code inputDataConfig.1.member.channelName}), which is what clients and tests match on.
 */
public final class Validator {
    private final List<String> errors = new ArrayList<>();

    public static Validator create() {
        return new Validator();
    }

    /** The path of element {@code index} (0-based) of the list at {@code path}: {@code path.<index+1>.member}. */
    public static String member(String path, int index) {
        return path + "." + (index + 1) + ".member";
    }

    /** A member of the structure at {@code path}, e.g. {@code child("algorithmSpecification", "trainingImage")}. */
    public static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Records a failed constraint; {@code value} is rendered as AWS does ({@code null} bare, anything else quoted). */
    public Validator fail(String path, Object value, String constraint) {
        String rendered = value == null ? "null" : "'" + value + "'";
        errors.add("Value " + rendered + " at '" + path + "' failed to satisfy constraint: " + constraint);
        return this;
    }

    /** Fails when {@code value} is null; returns whether it was present, so callers can skip nested checks. */
    public boolean required(String path, Object value) {
        if (value == null) {
            fail(path, null, "Member must not be null");
            return false;
        }
        return true;
    }

    /** String length bounds; a null value passes (use {@link #required} for presence). */
    public Validator length(String path, String value, int min, int max) {
        if (value == null) {
            return this;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            fail(path, value, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            fail(path, value, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** Full-match of an AWS model pattern; the message quotes the pattern as the model writes it. */
    public Validator pattern(String path, String value, String regex) {
        if (value != null && !Pattern.compile(regex).matcher(value).matches()) {
            fail(path, value, "Member must satisfy regular expression pattern: " + regex);
        }
        return this;
    }

    /** Numeric range, inclusive, as in the model's {@code min}/{@code max}. */
    public Validator range(String path, Number value, long min, long max) {
        if (value == null) {
            return this;
        }
        if (value.longValue() < min) {
            fail(path, value, "Member must have value greater than or equal to " + min);
        }
        if (value.longValue() > max) {
            fail(path, value, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    /** A closed set of wire names; the message lists them in the model's order. */
    public Validator oneOf(String path, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            fail(path, value, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    /** Element count of a list or map, as the model's {@code min}/{@code max} on collection shapes. */
    public Validator size(String path, Object collection, int min, int max) {
        int size;
        if (collection instanceof Collection<?> c) {
            size = c.size();
        } else if (collection instanceof Map<?, ?> m) {
            size = m.size();
        } else {
            return this;
        }
        if (size < min) {
            fail(path, collection, "Member must have length greater than or equal to " + min);
        }
        if (size > max) {
            fail(path, collection, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** Key and value constraints of a string map, worded as AWS words map constraints. */
    public Validator mapEntries(String path, Map<String, String> map, int maxKey, String keyRegex, int maxValue,
                                String valueRegex) {
        if (map == null) {
            return this;
        }
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String key = entry.getKey();
            if (key.length() > maxKey || !Pattern.compile(keyRegex).matcher(key).matches()) {
                fail(path, map, "Map keys must satisfy constraint: [Member must have length less than or equal to "
                        + maxKey + ", Member must satisfy regular expression pattern: " + keyRegex + "]");
                break;
            }
        }
        for (String value : map.values()) {
            if (value == null || value.length() > maxValue || !Pattern.compile(valueRegex).matcher(value).matches()) {
                fail(path, map, "Map value must satisfy constraint: [Member must have length less than or equal to "
                        + maxValue + ", Member must satisfy regular expression pattern: " + valueRegex + "]");
                break;
            }
        }
        return this;
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Throws the collected errors as one ValidationException, or returns when there are none. */
    public void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        String count = errors.size() == 1 ? "1 validation error detected: "
                : errors.size() + " validation errors detected: ";
        throw SageMakerError.VALIDATION.exception(count + String.join("; ", errors));
    }
}
