package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.Database;
import dev.anchor.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across coordinators that share one PostgreSQL: when this coordinator fires its ready
 * {@link Signal} (new READY work) or {@link JobSignals} (jobs changed), it sends
 * {@code NOTIFY anchor_ready}; a listener on a dedicated connection fires the same signals locally when
 * another coordinator sends one. Without it a long-polling agent or a job waiter on the other replica
 * would still see the change, but only at its next once-a-second re-check.
 *
 * <p>Firings are coalesced: one sender thread sends whatever has gathered since its last
 * notification, so a burst of reports costs one {@code NOTIFY}. A notification names its sender, which
 * ignores its own. Losing one is harmless for the same reason the relay is only an optimisation. The
 * listener reconnects with backoff when its connection drops (PostgreSQL restarted) and then wakes
 * everyone, since it may have missed notifications meanwhile. On SQLite there is one coordinator, and
 * {@link #start} does nothing.
 */
final class ReadyNotifier implements AutoCloseable {
    static final String CHANNEL = "anchor_ready";
    private static final Logger LOG = LoggerFactory.getLogger(ReadyNotifier.class);
    /** Job ids per notification: PostgreSQL caps a payload at 8000 bytes. */
    private static final int MAX_JOBS_PER_NOTIFY = 200;
    private static final long POLL_MS = 500;
    private static final long PING_EVERY_MS = 5_000;

    private final Database database;
    private final String replicaId;
    private final Signal ready;
    private final JobSignals jobSignals;
    private final Object lock = new Object();
    private boolean readyPending;
    private final Set<String> pendingJobs = new LinkedHashSet<>();
    private final Thread sender;
    private final Thread listener;
    private volatile boolean closed;
    private volatile boolean listening;

    private ReadyNotifier(Database database, String replicaId, Signal ready, JobSignals jobSignals) {
        this.database = requireNonNull(database, "database is null");
        this.replicaId = requireNonNull(replicaId, "replicaId is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.jobSignals = requireNonNull(jobSignals, "jobSignals is null");
        this.sender = Thread.ofPlatform().daemon().name("anchor-notify-sender").unstarted(this::sendLoop);
        this.listener = Thread.ofPlatform().daemon().name("anchor-notify-listener").unstarted(this::listenLoop);
    }

    /** On PostgreSQL, relays the signals through {@code NOTIFY}; on SQLite, answers a notifier that does nothing. */
    static ReadyNotifier start(Database database, String replicaId, Signal ready, JobSignals jobSignals) {
        ReadyNotifier notifier = new ReadyNotifier(database, replicaId, ready, jobSignals);
        if (database.dialect() != Dialect.POSTGRES) return notifier;
        ready.relayTo(notifier::readyFired);
        jobSignals.relayTo(notifier::jobsFired);
        notifier.sender.start();
        notifier.listener.start();
        return notifier;
    }

    /** Whether the listener is connected and listening (for tests and logs). */
    boolean listening() {
        return listening;
    }

    private void readyFired() {
        synchronized (lock) {
            readyPending = true;
            lock.notifyAll();
        }
    }

    private void jobsFired(Collection<String> jobIds) {
        synchronized (lock) {
            pendingJobs.addAll(jobIds);
            lock.notifyAll();
        }
    }

    private void sendLoop() {
        while (!closed) {
            boolean wake;
            List<String> jobs;
            synchronized (lock) {
                while (!readyPending && pendingJobs.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wake = readyPending;
                jobs = new ArrayList<>(pendingJobs);
                readyPending = false;
                pendingJobs.clear();
            }
            if (closed) return;
            try {
                for (String payload : payloads(replicaId, wake, jobs)) {
                    database.read(c -> {
                        try (var statement = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                            statement.setString(1, CHANNEL);
                            statement.setString(2, payload);
                            statement.execute();
                        }
                        return null;
                    });
                }
            } catch (RuntimeException e) {
                // The other coordinators' pollers re-check the store every second anyway.
                LOG.debug("could not notify the other coordinators: {}", e.getMessage());
            }
        }
    }

    /** {@code replica|R|job,job,...}: R when new work is ready; the jobs whose state changed. */
    static List<String> payloads(String replicaId, boolean wake, List<String> jobs) {
        if (jobs.isEmpty()) return wake ? List.of(replicaId + "|R|") : List.of();
        List<String> payloads = new ArrayList<>();
        for (int from = 0; from < jobs.size(); from += MAX_JOBS_PER_NOTIFY) {
            List<String> chunk = jobs.subList(from, Math.min(from + MAX_JOBS_PER_NOTIFY, jobs.size()));
            payloads.add(replicaId + "|" + (wake && from == 0 ? "R" : "") + "|" + String.join(",", chunk));
        }
        return payloads;
    }

    private void listenLoop() {
        long backoffMs = 100;
        while (!closed) {
            try (Connection connection = database.dedicatedConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                backoffMs = 100;
                LOG.info("listening for wake-ups from other coordinators on channel {}", CHANNEL);
                // Notifications sent while we were not listening are lost: wake everyone to re-check.
                ready.fireLocally();
                listening = true;
                receive(connection);
            } catch (SQLException e) {
                if (closed) return;
                LOG.warn("lost the notification connection ({}); reconnecting in {} ms", e.getMessage(), backoffMs);
            } finally {
                listening = false;
            }
            if (!pause(backoffMs)) return;
            backoffMs = Math.min(5_000, backoffMs * 2);
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications((int) POLL_MS);
            if (notifications != null) {
                for (PGNotification notification : notifications) deliver(notification.getParameter());
            }
            // A connection cut without a FIN would otherwise look idle for hours: ask it something.
            if (System.nanoTime() - lastPing > PING_EVERY_MS * 1_000_000) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 3 || parts[0].equals(replicaId)) return;
        if (!parts[2].isEmpty()) jobSignals.fireLocally(Arrays.asList(parts[2].split(",")));
        if (parts[1].equals("R")) ready.fireLocally();
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms); // Reconnect backoff, not synchronisation.
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        ready.relayTo(null);
        jobSignals.relayTo(null);
        synchronized (lock) {
            lock.notifyAll();
        }
        sender.interrupt();
        listener.interrupt();
    }
}
