/**
 * A kit for tests and benchmarks that need real processes: {@link dev.anchor.testing.AnchorProcess}
 * starts a coordinator or an agent from the shaded {@code anchor.jar}, waits until it serves, and can
 * kill it with SIGKILL; {@link dev.anchor.testing.TestingPostgres} finds the local PostgreSQL.
 */
package dev.anchor.testing;
