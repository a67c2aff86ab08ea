package dev.sagebox.objectstore;

import java.time.Instant;

/** A bucket: a global name, the region it was created in, and when. */
public record Bucket(String name, String region, Instant creationDate) {
}
