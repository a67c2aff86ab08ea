/**
 * Runs transform jobs on the hosting fleet's batch instances: lists the input files, cuts them into batches, keeps
 * {@code MaxConcurrentTransforms} requests in flight per instance, and publishes each output file whole once all of
 * its batches are back. On a failing batch the job fails; outputs already published stay and the rest are dropped.
 */
package dev.sagebox.transform.run;
