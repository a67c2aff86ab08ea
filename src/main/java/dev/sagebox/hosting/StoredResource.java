package dev.sagebox.hosting;

import dev.sagebox.aws.Region;
import java.time.Instant;

/** One stored hosting resource: the columns lists filter on, and its record as JSON. */
record StoredResource(String kind, Region region, String name, String arn, String status, Instant creationTime,
                      Instant lastModifiedTime, String body) {
}
