/**
 * What every job kind shares: the per-host {@code /opt/ml} layout and its config files, channel staging from the
 * object store by hard links, metric scraping, artifact packing, the process image mapping and failure reasons.
 * Imports {@code aws}, {@code runtime} and {@code logs}; the object store is reached through {@link ObjectFiles}.
 */
package dev.sagebox.jobs;
