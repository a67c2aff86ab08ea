package dev.sagebox.jobs;

import java.net.URI;

/** An {@code s3://bucket/key} location, or a {@code file://} one (Sagebox's local extension). */
public record S3Location(String scheme, String bucket, String key) {
    public static S3Location parse(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a URI: " + uri);
        }
        String scheme = uri.substring(0, schemeEnd);
        String rest = uri.substring(schemeEnd + 3);
        if (scheme.equals("file")) {
            return new S3Location("file", "", URI.create(uri).getPath());
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(scheme, rest, "") : new S3Location(scheme, rest.substring(0, slash),
                rest.substring(slash + 1));
    }

    public boolean isFile() {
        return scheme.equals("file");
    }

    /** This location with {@code /suffix} appended. */
    public S3Location resolve(String suffix) {
        String joined = key.isEmpty() || key.endsWith("/") ? key + suffix : key + "/" + suffix;
        return new S3Location(scheme, bucket, joined);
    }

    @Override
    public String toString() {
        return isFile() ? "file://" + key : scheme + "://" + bucket + "/" + key;
    }
}
