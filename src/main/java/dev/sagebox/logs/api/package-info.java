/**
 * The request and response shapes of the CloudWatch Logs API, one record per shape, named and spelled as in the
 * service model (the codec maps components to camelCase members). Timestamps are longs because the model itself
 * declares them as epoch milliseconds. Imports nothing of Sagebox's.
 */
package dev.sagebox.logs.api;
