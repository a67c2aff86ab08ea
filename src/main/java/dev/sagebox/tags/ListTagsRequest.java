package dev.sagebox.tags;

/** ListTags input; {@code MaxResults} is 50..100 in the model. */
public record ListTagsRequest(String resourceArn, String nextToken, Integer maxResults) {
}
