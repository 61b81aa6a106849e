package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credits ledger: double entry and append only. A transfer is two rows with opposite amounts, so
 * the balances of all accounts always sum to zero. Accounts are {@code user:ID} and {@code node:ID}.
 */
public final class Ledger {
    private final Database database;

    public Ledger(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    static String user(String userId) {
        return "user:" + userId;
    }

    static String node(String nodeId) {
        return "node:" + nodeId;
    }

    /** Moves {@code amount} credits from one account to another, inside the caller's transaction. */
    static final String INSERT = "INSERT INTO ledger_entries (transfer_id, account, amount, task_id, memo, at) VALUES (?, ?, ?, ?, ?, ?)";

    /** The two rows of a transfer of {@code amount} from one account to another, for {@link #INSERT}; none for nothing. */
    static List<Object[]> legs(String from, String to, long amount, String taskId, String memo, long now) {
        if (amount <= 0) return List.of();
        String transferId = Ids.next("trf_", now);
        return List.of(new Object[] {transferId, from, -amount, taskId, memo, now}, new Object[] {transferId, to, amount, taskId, memo, now});
    }

    static void transfer(Connection c, String from, String to, long amount, String taskId, String memo, long now) throws SQLException {
        if (amount <= 0) return;
        Jdbc.batch(c, INSERT, legs(from, to, amount, taskId, memo, now));
    }

    /** Every account's balance, by account name. */
    public Map<String, Long> balances() {
        return database.read(c -> {
            Map<String, Long> balances = new LinkedHashMap<>();
            for (var row : Jdbc.query(c, "SELECT account, SUM(amount) FROM ledger_entries GROUP BY account ORDER BY account",
                    r -> Map.entry(r.getString(1), r.getLong(2)))) {
                balances.put(row.getKey(), row.getValue());
            }
            return balances;
        });
    }

    /** The balance of one account (0 when it has no entries). */
    public long balance(String account) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account = ?",
                r -> r.getLong(1), account).orElse(0L));
    }

    /** What a run claims: its fuel in millions (rounded up) or, without fuel, its run time in ms; at least 1. */
    public static long claim(long fuel, long wallMillis) {
        if (fuel > 0) return Math.max(1, (fuel + 999_999) / 1_000_000);
        return Math.max(1, wallMillis);
    }
}
