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
        Clock clock) {

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(clock, "clock is null");
        if (leaseTimeoutMs < 100) throw new IllegalArgumentException("leaseTimeoutMs must be at least 100");
    }

    public static CoordinatorConfig defaults(Path dataDirectory) {
        return new CoordinatorConfig("127.0.0.1", 7070, dataDirectory, null, false, 15_000, 1 << 20, 256L << 20, null,
                Clock.systemUTC());
    }

    public CoordinatorConfig withPort(int newPort) {
        return new CoordinatorConfig(host, newPort, dataDirectory, databaseUrl, fullSync, leaseTimeoutMs, maxRequestBytes,
                maxBlobBytes, cliConfig, clock);
    }

    public CoordinatorConfig withDatabaseUrl(String url) {
        return new CoordinatorConfig(host, port, dataDirectory, url, fullSync, leaseTimeoutMs, maxRequestBytes, maxBlobBytes,
                cliConfig, clock);
    }

    public CoordinatorConfig withLeaseTimeoutMs(long timeout) {
        return new CoordinatorConfig(host, port, dataDirectory, databaseUrl, fullSync, timeout, maxRequestBytes, maxBlobBytes,
                cliConfig, clock);
    }

    public CoordinatorConfig withCliConfig(Path path) {
        return new CoordinatorConfig(host, port, dataDirectory, databaseUrl, fullSync, leaseTimeoutMs, maxRequestBytes,
                maxBlobBytes, path, clock);
    }

    /** Heartbeats come three times per lease, so one lost heartbeat never costs a lease. */
    public long heartbeatIntervalMs() {
        return Math.max(50, leaseTimeoutMs / 3);
    }
}
