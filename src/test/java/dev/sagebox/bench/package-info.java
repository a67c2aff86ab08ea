/**
 * Benchmarks run by hand ({@code ./sagebox bench s3}), not by the test suite: each starts its own server, measures
 * it against a plain file-system baseline on the same machine, and writes Markdown and JSON under bench/results/.
 * They live with the tests because they drive the server with the test-scoped AWS SDK.
 */
package dev.sagebox.bench;
