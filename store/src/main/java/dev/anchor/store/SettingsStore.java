package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Named settings the coordinator keeps across restarts (the join token's hash, ...). */
public final class SettingsStore {
    private final Database database;

    public SettingsStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    public Optional<String> get(String name) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT value FROM settings WHERE name = ?", row -> row.getString(1), name));
    }

    /** Sets the value unless one is set already; answers the value that is now stored. */
    public String putIfAbsent(String name, String value) {
        return database.transaction(c -> {
            Optional<String> existing = Jdbc.queryOne(c, "SELECT value FROM settings WHERE name = ?", row -> row.getString(1), name);
            if (existing.isPresent()) return existing.get();
            Jdbc.update(c, "INSERT INTO settings (name, value) VALUES (?, ?)", name, value);
            return value;
        });
    }
}
