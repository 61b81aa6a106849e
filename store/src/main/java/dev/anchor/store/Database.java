package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * Connections and transactions over SQLite or PostgreSQL. Opening a database runs its migrations.
 *
 * <p>SQLite allows one writer at a time; rather than let writers collide and back off inside the
 * driver (which costs milliseconds), write transactions queue on an in-process lock. Readers run
 * concurrently under WAL. SQLite runs with {@code synchronous=NORMAL} by default: a commit survives a
 * crash of the process ({@code kill -9}) but not necessarily of the machine; {@code durability=full}
 * fsyncs every commit. PostgreSQL runs with its own durability settings.
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final ReentrantLock writeLock = new ReentrantLock();

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /** Opens (creating if needed) the SQLite database at {@code file}. */
    public static Database sqlite(Path file, boolean fullSync) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create directory for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setMaximumPoolSize(4);
        config.setPoolName("anchor-sqlite");
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", fullSync ? "FULL" : "NORMAL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        return open(Dialect.SQLITE, config, null);
    }

    /** Connects to PostgreSQL; {@code schema} (optional) isolates one Anchor from others in a database. */
    public static Database postgres(String jdbcUrl, String user, String password, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setMaximumPoolSize(16);
        config.setPoolName("anchor-postgres");
        if (schema != null) config.setSchema(schema);
        return open(Dialect.POSTGRES, config, schema);
    }

    /**
     * Opens a database from a URL: {@code jdbc:postgresql://...} for PostgreSQL (user and password may
     * be given as URL parameters), anything else is a SQLite file path (optionally {@code sqlite:PATH}).
     */
    public static Database open(String url, boolean fullSync) {
        if (url.startsWith("jdbc:postgresql:")) return postgres(url, null, null, null);
        String path = url.startsWith("sqlite:") ? url.substring("sqlite:".length()) : url;
        return sqlite(Path.of(path), fullSync);
    }

    private static Database open(Dialect dialect, HikariConfig config, String schema) {
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            var flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .placeholders(dialect.placeholders())
                    .locations("classpath:db/migration")
                    .loggers("slf4j");
            if (schema != null) flyway.schemas(schema).createSchemas(true);
            flyway.load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the " + dialect + " database: " + e.getMessage(), e);
        }
        return new Database(dialect, dataSource);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in a transaction and commits it; rolls back and rethrows on any failure. */
    public <T> T transaction(SqlWork<T> work) {
        boolean serialize = dialect == Dialect.SQLITE;
        if (serialize) writeLock.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            if (serialize) writeLock.unlock();
        }
    }

    /** Runs read-only {@code work} on a connection in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
