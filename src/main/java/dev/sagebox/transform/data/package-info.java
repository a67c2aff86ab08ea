/**
 * Transform data handling with no I/O of its own: cutting a byte stream into records ({@code SplitType}), the
 * JSONPath subset of {@code DataProcessing}, CSV fields as JSON arrays, and joining input with output. Imports only
 * Jackson and the JDK, so every rule is tested on bytes alone.
 */
package dev.sagebox.transform.data;
