package dev.sagebox.logs.api;

/** PutLogEvents' output: a token clients may pass back, which Sagebox ignores. */
public record PutLogEventsResponse(String nextSequenceToken) {
}
