package dev.sagebox.aws;

import java.util.regex.Pattern;

/** An AWS region name, taken from the request's SigV4 scope; unsigned requests get {@link #DEFAULT}. */
public record Region(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}|local");
    public static final Region DEFAULT = new Region("us-east-1");

    public Region {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a region name: " + name);
        }
    }

    /** The region for a scope value, or the default when the value is absent or not a region name. */
    public static Region ofScope(String scopeRegion) {
        if (scopeRegion == null || !NAME.matcher(scopeRegion).matches()) {
            return DEFAULT;
        }
        return new Region(scopeRegion);
    }

    @Override
    public String toString() {
        return name;
    }
}
