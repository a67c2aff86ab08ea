package dev.sagebox.tags;

import java.util.List;

/** DeleteTags input. */
public record DeleteTagsRequest(String resourceArn, List<String> tagKeys) {
}
