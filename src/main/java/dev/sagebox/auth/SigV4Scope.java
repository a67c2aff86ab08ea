package dev.sagebox.auth;

/**
 * The credential scope of a SigV4 request: {@code <AKID>/<yyyymmdd>/<region>/<service>/aws4_request}.
 *
 * @param accessKeyId the caller's access key id
 * @param date        {@code yyyymmdd}
 * @param region      the region the caller signed for
 * @param service     the signing name: {@code s3}, {@code sagemaker}, {@code logs}, {@code sts}
 */
public record SigV4Scope(String accessKeyId, String date, String region, String service) {

    /** Parses {@code AKID/date/region/service/aws4_request}; returns null when the value is not of that form. */
    public static SigV4Scope parse(String credential) {
        if (credential == null) {
            return null;
        }
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !"aws4_request".equals(parts[4]) || parts[0].isEmpty()) {
            return null;
        }
        return new SigV4Scope(parts[0], parts[1], parts[2], parts[3]);
    }

    /** {@code date/region/service/aws4_request}, the scope as it appears in the string to sign. */
    public String scopeString() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
