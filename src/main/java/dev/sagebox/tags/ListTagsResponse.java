package dev.sagebox.tags;

import java.util.List;

/** ListTags output; {@code NextToken} only when more tags follow. */
public record ListTagsResponse(List<Tag> tags, String nextToken) {
}
