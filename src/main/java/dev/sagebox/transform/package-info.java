/**
 * The batch-transform control plane (CONTRACTS §8.1): CreateTransformJob, DescribeTransformJob, ListTransformJobs and
 * StopTransformJob, the status machine (InProgress → Completed | Failed | Stopping → Stopped) and the SQLite store.
 * Running a job lives in {@code transform.run}; this package imports only {@code aws}, {@code state}, {@code tags},
 * the hosting API shapes and its own sub-packages.
 */
package dev.sagebox.transform;
