package dev.anchor.store;

import java.util.Map;

/** The SQL dialects Anchor runs on. */
public enum Dialect {
    SQLITE(Map.of("serial", "INTEGER PRIMARY KEY AUTOINCREMENT", "bytes", "BLOB")),
    POSTGRES(Map.of("serial", "BIGSERIAL PRIMARY KEY", "bytes", "BYTEA"));

    private final Map<String, String> placeholders;

    Dialect(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    /** Values for the migrations' placeholders. */
    Map<String, String> placeholders() {
        return placeholders;
    }

    /**
     * The suffix that locks the rows a query reads until the transaction ends. SQLite needs none: its
     * writers are serialised already.
     */
    String forUpdate() {
        return this == POSTGRES ? " FOR UPDATE" : "";
    }

    /** The suffix that makes a leasing query skip rows other transactions hold. */
    String skipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    }
}
