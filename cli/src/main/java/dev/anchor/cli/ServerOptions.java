package dev.anchor.cli;

import dev.anchor.api.CliConfig;
import dev.anchor.coordinator.CoordinatorConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** A coordinator's flags, shared by {@code server} and {@code up}. */
final class ServerOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 7070; 0 picks a free port).")
    Integer port;

    @Option(names = "--data", description = "Data directory (env ANCHOR_DATA; default ~/.local/share/anchor).")
    Path data;

    @Option(names = "--db", description = "A jdbc:postgresql://... URL; default: SQLite in the data directory.")
    String database;

    @Option(names = "--full-sync", description = "SQLite: fsync every commit (survive power loss, not just crashes).")
    boolean fullSync;

    @Option(names = "--lease-timeout", defaultValue = "15000", description = "Lease lifetime without heartbeats, ms (default ${DEFAULT-VALUE}).")
    long leaseTimeoutMs;

    @Option(names = "--max-request-bytes", defaultValue = "1048576", description = "Cap on JSON request bodies (default ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(names = "--max-blob-bytes", defaultValue = "268435456", description = "Cap on one uploaded blob (default ${DEFAULT-VALUE}).")
    long maxBlobBytes;

    @Option(names = "--blob-dir", description = "Blob directory (default: blobs in the data directory). Coordinators "
            + "sharing one PostgreSQL must share it too (e.g. an NFS mount).")
    Path blobDirectory;

    @Option(names = "--no-cli-config", description = "Do not write the admin key to the CLI config at first start.")
    boolean noCliConfig;

    Path dataDirectory() {
        if (data != null) return data;
        String env = System.getenv("ANCHOR_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".local", "share", "anchor");
    }

    CoordinatorConfig config(int defaultPort) {
        return new CoordinatorConfig(host, port == null ? defaultPort : port, dataDirectory(), database, fullSync, leaseTimeoutMs,
                maxRequestBytes, maxBlobBytes, noCliConfig ? null : CliConfig.defaultPath(), Clock.systemUTC(), blobDirectory);
    }
}
