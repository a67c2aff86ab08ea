/**
 * What every job kind shares: the per-host {@code /opt/ml} layout and its config files, channel staging from the
 * object store by hard links, the job environment and container command, the wait for a job's hosts to end, metric
 * scraping, artifact packing and upload, the process image mapping and failure reasons. Imports {@code aws},
 * {@code runtime} and {@code logs}; the object store is reached through {@link ObjectFiles}.
 */
package dev.sagebox.jobs;
