/**
 * The hosting control plane: models, endpoint configs and endpoints (CONTRACTS §6), stored in SQLite, with the
 * endpoint status machine. Serving itself lives in {@code hosting.serve}; this package imports no Jetty or protocol
 * code, only {@code aws}, {@code state}, {@code tags} and its sub-packages.
 */
package dev.sagebox.hosting;
