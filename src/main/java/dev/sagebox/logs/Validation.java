package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field error of one request, then fails once with AWS's wording, e.g. {@code 1 validation error
 * detected: Value '100' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50}.
 * CloudWatch Logs sends these as InvalidParameterException.
 */
final class Validation {
    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    static final int MAX_NAME = 512;

    private final List<String> errors = new ArrayList<>();

    static Validation of() {
        return new Validation();
    }

    Validation required(String path, Object value) {
        if (value == null) {
            errors.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    Validation groupName(String path, String value) {
        return name(path, value, GROUP_NAME);
    }

    Validation streamName(String path, String value) {
        return name(path, value, STREAM_NAME);
    }

    private Validation name(String path, String value, Pattern pattern) {
        if (value == null) {
            return this;
        }
        if (value.isEmpty()) {
            fail(path, value, "Member must have length greater than or equal to 1");
        } else if (value.length() > MAX_NAME) {
            fail(path, value, "Member must have length less than or equal to " + MAX_NAME);
        }
        if (!pattern.matcher(value).matches()) {
            fail(path, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    Validation range(String path, Integer value, int min, int max) {
        if (value == null) {
            return this;
        }
        if (value < min) {
            fail(path, value, "Member must have value greater than or equal to " + min);
        } else if (value > max) {
            fail(path, value, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    Validation size(String path, List<?> value, int min, int max) {
        if (value == null) {
            return this;
        }
        if (value.size() < min) {
            fail(path, value, "Member must have length greater than or equal to " + min);
        } else if (value.size() > max) {
            fail(path, value, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    Validation nonNegative(String path, Long value) {
        if (value != null && value < 0) {
            fail(path, value, "Member must have value greater than or equal to 0");
        }
        return this;
    }

    Validation oneOf(String path, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            fail(path, value, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    private void fail(String path, Object value, String constraint) {
        errors.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    /** Throws InvalidParameterException listing every error collected, if any. */
    void check() {
        if (errors.isEmpty()) {
            return;
        }
        String count = errors.size() == 1 ? "1 validation error detected: "
                : errors.size() + " validation errors detected: ";
        throw LogsError.INVALID_PARAMETER.exception(count + String.join("; ", errors));
    }

    /**
     * The group a request names, by {@code logGroupName} or by {@code logGroupIdentifier} (a name or an ARN, with or
     * without the {@code :*} suffix). Exactly one of the two must be given.
     */
    static String groupOf(String logGroupName, String logGroupIdentifier) {
        if (logGroupName != null && logGroupIdentifier != null) {
            throw LogsError.INVALID_PARAMETER.exception(
                    "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (logGroupName == null && logGroupIdentifier == null) {
            throw LogsError.INVALID_PARAMETER.exception("Should provide either name or identifier of log group.");
        }
        if (logGroupName != null) {
            of().groupName("logGroupName", logGroupName).check();
            return logGroupName;
        }
        String name = logGroupIdentifier;
        int marker = name.indexOf(":log-group:");
        if (name.startsWith("arn:") && marker > 0) {
            name = name.substring(marker + ":log-group:".length());
            if (name.endsWith(":*")) {
                name = name.substring(0, name.length() - 2);
            }
        }
        of().groupName("logGroupIdentifier", name).check();
        return name;
    }
}
