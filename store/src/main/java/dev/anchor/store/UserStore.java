package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.UserView;
import java.util.Optional;

/** Users and their API keys. Keys are high-entropy secrets, so they are stored as SHA-256 hashes. */
public final class UserStore {
    private final Database database;

    public UserStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** The user an API key belongs to, if any. */
    public Optional<Principal> authenticate(String apiKey) {
        String hash = Hashes.sha256Hex(apiKey);
        return database.read(c -> Jdbc.queryOne(c,
                "SELECT u.id, u.name, u.role FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ?",
                row -> new Principal(row.getString(1), row.getString(2), row.getString(3)), hash));
    }

    /** Makes a user with a fresh API key; the key is in the answer and nowhere else. */
    public UserView create(String name, String role, long now) {
        return database.transaction(c -> {
            if (Jdbc.queryOne(c, "SELECT id FROM users WHERE name = ?", row -> row.getString(1), name).isPresent()) {
                throw new AnchorException(ErrorCode.CONFLICT, "a user named '" + name + "' exists already",
                        java.util.Map.of("field", "name"));
            }
            String id = Ids.next("usr_", now);
            String key = Ids.secret("ak_");
            Jdbc.update(c, "INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)", id, name, role, now);
            Jdbc.update(c, "INSERT INTO api_keys (key_hash, user_id, created_at) VALUES (?, ?, ?)", Hashes.sha256Hex(key), id, now);
            return new UserView(id, name, role, key);
        });
    }

    /** Makes the first admin when there are no users yet; empty when there were users already. */
    public Optional<UserView> bootstrapAdmin(long now) {
        boolean empty = database.read(c -> Jdbc.queryOne(c, "SELECT COUNT(*) FROM users", row -> row.getLong(1)).orElse(0L) == 0);
        return empty ? Optional.of(create("admin", "admin", now)) : Optional.empty();
    }
}
