/**
 * Benchmarks run by hand ({@code ./sagebox bench}, or one alone as {@code ./sagebox bench s3}), not by the test
 * suite: each starts its own server and measures it against a baseline run on the same machine in the same run.
 * {@link dev.sagebox.bench.BenchAll} gathers every benchmark's figures into bench/results/&lt;date&gt;.md and .json.
 * They live with the tests because they drive the server with the test-scoped AWS SDK.
 */
package dev.sagebox.bench;
