/**
 * CloudWatch Logs: log groups, streams and events in the state database, the API's operations and paging tokens, and
 * the {@link dev.sagebox.logs.LogShipper} that stores workload output one event per line. Imports {@code aws},
 * {@code state} and its own {@code api} shapes; no Jetty and no protocol code.
 */
package dev.sagebox.logs;
