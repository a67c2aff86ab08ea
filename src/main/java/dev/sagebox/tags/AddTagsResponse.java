package dev.sagebox.tags;

import java.util.List;

/** AddTags output: the tags that were sent. */
public record AddTagsResponse(List<Tag> tags) {
}
