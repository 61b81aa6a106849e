package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How a coordinator runs.
 *
 * @param host            address to listen on
 * @param port            port to listen on; 0 picks a free one
 * @param dataDirectory   where the SQLite file, blobs, the join token and the admin key live
 * @param databaseUrl     a {@code jdbc:postgresql://} URL, or null for SQLite in the data directory
 * @param fullSync        SQLite: fsync every commit (survives power loss, not only process crashes)
 * @param leaseTimeoutMs  how long a lease lives without a heartbeat
 * @param maxRequestBytes cap on any JSON request body
 * @param maxBlobBytes    cap on one uploaded blob
 * @param cliConfig       the CLI config file to write the admin key to at first start, or null
 * @param clock           the time source
 * @param blobDirectory   where blobs live, or null for {@code blobs} in the data directory; coordinators
 *                        that share one PostgreSQL share one blob directory (a shared file system)
 */
public record CoordinatorConfig(
        String host,
        int port,
        Path dataDirectory,
        String databaseUrl,
        boolean fullSync,
        long leaseTimeoutMs,
        long maxRequestBytes,
        long maxBlobBytes,
        Path cliConfig,
        Clock clock,
        Path blobDirectory) {

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(clock, "clock is null");
        if (leaseTimeoutMs < 100) throw new IllegalArgumentException("leaseTimeoutMs must be at least 100");
    }

    /** A configuration with blobs in the data directory. */
    public CoordinatorConfig(String host, int port, Path dataDirectory, String databaseUrl, boolean fullSync, long leaseTimeoutMs,
                             long maxRequestBytes, long maxBlobBytes, Path cliConfig, Clock clock) {
        this(host, port, dataDirectory, databaseUrl, fullSync, leaseTimeoutMs, maxRequestBytes, maxBlobBytes, cliConfig, clock, null);
    }

    /** The blob directory in effect. */
    public Path blobs() {
        return blobDirectory != null ? blobDirectory : dataDirectory.resolve("blobs");
    }

    public static CoordinatorConfig defaults(Path dataDirectory) {
        return new CoordinatorConfig("127.0.0.1", 7070, dataDirectory, null, false, 15_000, 1 << 20, 256L << 20, null,
                Clock.systemUTC());
    }

    public CoordinatorConfig withPort(int newPort) {
        return new CoordinatorConfig(host, newPort, dataDirectory, databaseUrl, fullSync, leaseTimeoutMs, maxRequestBytes,
                maxBlobBytes, cliConfig, clock, blobDirectory);
    }

    public CoordinatorConfig withDatabaseUrl(String url) {
        return new CoordinatorConfig(host, port, dataDirectory, url, fullSync, leaseTimeoutMs, maxRequestBytes, maxBlobBytes,
                cliConfig, clock, blobDirectory);
    }

    public CoordinatorConfig withLeaseTimeoutMs(long timeout) {
        return new CoordinatorConfig(host, port, dataDirectory, databaseUrl, fullSync, timeout, maxRequestBytes, maxBlobBytes,
                cliConfig, clock, blobDirectory);
    }

    public CoordinatorConfig withCliConfig(Path path) {
        return new CoordinatorConfig(host, port, dataDirectory, databaseUrl, fullSync, leaseTimeoutMs, maxRequestBytes,
                maxBlobBytes, path, clock, blobDirectory);
    }

    /**
     * How long a node may go without a heartbeat before it is LOST (docs/scheduling.md): three heartbeat
     * intervals past its lease, so a node whose leases already expired is not yet declared gone.
     */
    public long lostAfterMs() {
        return 3 * heartbeatIntervalMs() + leaseTimeoutMs;
    }

    /** Heartbeats come three times per lease, so one lost heartbeat never costs a lease. */
    public long heartbeatIntervalMs() {
        return Math.max(50, leaseTimeoutMs / 3);
    }
}
