package dev.sagebox.hosting.api;

import java.time.Instant;

/** The image a variant runs, as specified and as resolved to a digest. */
public record DeployedImage(String specifiedImage, String resolvedImage, Instant resolutionTime) {
}
