package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions over SQLite or PostgreSQL. Opening a database runs its migrations.
 *
 * <p>SQLite allows one writer at a time; rather than let writers collide and back off inside the
 * driver (which costs milliseconds), write transactions queue on an in-process lock. Readers run
 * concurrently under WAL. SQLite runs with {@code synchronous=NORMAL} by default: a commit survives a
 * crash of the process ({@code kill -9}) but not necessarily of the machine; {@code durability=full}
 * fsyncs every commit. PostgreSQL runs with its own durability settings.
 *
 * <p>On PostgreSQL a transaction that fails before its commit with a serialization failure, a deadlock
 * or a lost connection is run again from the start, a few times with backoff: it committed nothing,
 * so running its body again is safe. A failure during the commit itself is never retried, because
 * the commit may have happened. Several coordinators may share one PostgreSQL, so these are expected.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Tries of one transaction (or read) before its failure is the caller's. */
    static final int MAX_TRIES = 4;

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
        // While PostgreSQL is down a request should fail fast (503, the caller retries) rather than hold
        // a thread for Hikari's default 30 s; after a restart, connections broken by it are found on
        // borrow (Hikari validates a connection idle for more than 0.5 s) or by the keepalive, and new
        // ones are made as soon as the server answers again.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setKeepaliveTime(30_000);
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A dispatch round's grants are written as batches; pgjdbc sends each batch in one round trip and
        // turns a batch of inserts into multi-row inserts.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
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

    /**
     * Runs {@code work} in a transaction and commits it; rolls back and rethrows on any failure. On
     * PostgreSQL a transient failure before the commit runs {@code work} again (see the class comment),
     * so {@code work} must touch nothing outside its connection that a second run would repeat.
     */
    public <T> T transaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactionOnce(work);
            } catch (RetryableFailure failure) {
                if (attempt >= MAX_TRIES) throw failure.toStoreException(attempt);
                backOff(attempt, failure.getCause());
            }
        }
    }

    private <T> T transactionOnce(SqlWork<T> work) {
        boolean serialize = dialect == Dialect.SQLITE;
        if (serialize) writeLock.lock();
        boolean committing = false;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                committing = true;
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            if (!committing && isTransient(e)) throw new RetryableFailure(e);
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            if (serialize) writeLock.unlock();
        }
    }

    /** Runs read-only {@code work} on a connection in auto-commit mode; retried like a transaction. */
    public <T> T read(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            } catch (SQLException e) {
                if (!isTransient(e)) throw new StoreException("database error: " + e.getMessage(), e);
                if (attempt >= MAX_TRIES) throw new RetryableFailure(e).toStoreException(attempt);
                backOff(attempt, e);
            }
        }
    }

    /**
     * Whether a failure left nothing behind and may pass if tried again: a serialization failure or
     * deadlock (the server rolled the transaction back), a pooled connection that broke (the server
     * restarted since it was made), or a server that is shutting down or starting up. PostgreSQL only: SQLite has one process.
     */
    boolean isTransient(SQLException e) {
        if (dialect != Dialect.POSTGRES) return false;
        // The pool already waited its connection timeout for a connection: the server is down, not
        // blipping, and the caller hears so at once (503) rather than after several more waits.
        if (e instanceof SQLTransientConnectionException) return false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.startsWith("08")
                        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void backOff(int attempt, Throwable cause) {
        long ms = (50L << Math.min(attempt, 6)) + ThreadLocalRandom.current().nextLong(50);
        LOG.warn("transient database failure ({}); trying again in {} ms", cause.getMessage(), ms);
        try {
            Thread.sleep(ms); // Backoff before a retry, not synchronisation.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying after: " + cause.getMessage(), cause);
        }
    }

    /** A failure before the commit that may pass if the transaction runs again. */
    private static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryableFailure(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        StoreException toStoreException(int tries) {
            return new StoreException("database unavailable after " + tries + " tries: " + getCause().getMessage(), getCause());
        }
    }

    /**
     * A connection outside the pool, for a session that lives long (PostgreSQL LISTEN). The caller
     * closes it. It uses the same URL, credentials and schema as the pool.
     */
    public Connection dedicatedConnection() throws SQLException {
        Properties properties = new Properties();
        if (dataSource.getUsername() != null) properties.setProperty("user", dataSource.getUsername());
        if (dataSource.getPassword() != null) properties.setProperty("password", dataSource.getPassword());
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
        if (dataSource.getSchema() != null) connection.setSchema(dataSource.getSchema());
        return connection;
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
