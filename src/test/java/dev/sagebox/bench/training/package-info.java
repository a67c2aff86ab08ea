/**
 * Training benchmarks run by hand ({@code ./sagebox bench training}), not by the test suite: start latency of a trivial job
 * on the process runtime beside a bare interpreter start, and zero-copy channel staging beside {@code cp -r}. Each
 * starts its own server and writes Markdown under bench/results/.
 */
package dev.sagebox.bench.training;
