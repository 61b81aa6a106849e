/**
 * Durable state: a JDBC store over SQLite (embedded default, WAL) or PostgreSQL, with one set of
 * Flyway migrations, and a content-addressed blob store.
 *
 * <p>{@link dev.anchor.store.Database} owns connections and transactions. The feature stores
 * ({@link dev.anchor.store.JobStore}, {@link dev.anchor.store.LeaseStore},
 * {@link dev.anchor.store.NodeStore}, {@link dev.anchor.store.UserStore}) each commit one
 * transition per call: nothing a restart must see lives only in memory.
 */
package dev.anchor.store;
