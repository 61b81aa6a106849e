package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A named duty that one coordinator at a time performs when several share a PostgreSQL database (the
 * sweeper of expired leases and workflow deadlines). The holder renews it well inside its duration;
 * when the holder dies, the lease runs out and the next coordinator to ask takes it. Taking and
 * renewing is one conditional {@code UPDATE}, so two coordinators can never both succeed for the same
 * moment. Expiry is judged by the caller's clock: replicas need clocks in step (NTP) to well within a
 * lease's duration.
 *
 * <p>On SQLite only one coordinator can use the database, so it always holds every lease. Thread-safe.
 */
public final class CoordinatorLease {
    /** The lease of the coordinator that sweeps expired leases and deadlines. */
    public static final String SWEEPER = "sweeper";

    private final Database database;
    private final String name;
    private final String holder;

    /**
     * @param name   the duty, a row of {@code coordinator_leases} ({@link #SWEEPER})
     * @param holder this coordinator's id, unique per process
     */
    public CoordinatorLease(Database database, String name, String holder) {
        this.database = requireNonNull(database, "database is null");
        this.name = requireNonNull(name, "name is null");
        this.holder = requireNonNull(holder, "holder is null");
        if (holder.isBlank()) throw new IllegalArgumentException("holder must not be blank");
    }

    /** Who holds a lease and until when. */
    public record Holder(String id, long expiresAt, long takenAt) {}

    /**
     * Takes the lease if it has run out, or renews it if this holder has it, until {@code now +
     * durationMs}. Answers whether this holder has it now.
     */
    public boolean acquire(long now, long durationMs) {
        if (durationMs <= 0) throw new IllegalArgumentException("durationMs must be positive");
        if (database.dialect() == Dialect.SQLITE) return true;
        return database.transaction(c -> {
            int renewed = Jdbc.update(c, "UPDATE coordinator_leases SET expires_at = ? WHERE name = ? AND holder = ?",
                    now + durationMs, name, holder);
            if (renewed == 1) return true;
            return Jdbc.update(c, "UPDATE coordinator_leases SET holder = ?, expires_at = ?, taken_at = ? "
                    + "WHERE name = ? AND expires_at < ?", holder, now + durationMs, now, name, now) == 1;
        });
    }

    /** Gives the lease up at once (a clean shutdown), so another coordinator need not wait it out. */
    public void release() {
        if (database.dialect() == Dialect.SQLITE) return;
        database.transaction(c -> Jdbc.update(c, "UPDATE coordinator_leases SET expires_at = 0 WHERE name = ? AND holder = ?",
                name, holder));
    }

    /** The current holder, if the lease was ever taken. */
    public Optional<Holder> current() {
        return database.read(c -> Jdbc.queryOne(c, "SELECT holder, expires_at, taken_at FROM coordinator_leases WHERE name = ?",
                r -> new Holder(r.getString(1), r.getLong(2), r.getLong(3)), name)).filter(h -> !h.id().isEmpty());
    }

    public String holder() {
        return holder;
    }
}
