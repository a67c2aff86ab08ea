/**
 * Buckets and objects stored as plain, immutable files named by generated ids, indexed in the state database. Keys
 * never become paths. Overwrites write a new file and swap the index row, so readers and hard links see whole objects
 * only. May import {@code aws} and {@code state}; never Jetty or {@code protocol}.
 */
package dev.sagebox.objectstore;
