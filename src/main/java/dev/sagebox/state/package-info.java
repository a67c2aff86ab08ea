/**
 * The durable state: one SQLite database in WAL mode under the data dir, with per-component schema migrations and
 * transactions. Features own their tables and hand their {@link dev.sagebox.state.Schema} to the store at start-up;
 * job kinds keep their jobs in tables of one shape, read and written through {@link dev.sagebox.state.JobTable}.
 */
package dev.sagebox.state;
