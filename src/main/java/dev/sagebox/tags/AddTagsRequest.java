package dev.sagebox.tags;

import java.util.List;

/** AddTags input. */
public record AddTagsRequest(String resourceArn, List<Tag> tags) {
}
