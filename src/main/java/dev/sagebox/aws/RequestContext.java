package dev.sagebox.aws;

import java.time.Instant;

/**
 * What a feature may know about the request it serves: its id, region, caller and the server's own base URL (the
 * port actually bound, which jobs need to reach Sagebox).
 */
public record RequestContext(String requestId, Region region, String accessKeyId, String baseUrl, Instant receivedAt) {
}
