package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.Hashes;
import dev.anchor.store.Ids;
import dev.anchor.store.SettingsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The secret nodes present to join. Made at first start; the store keeps its hash, and the plain
 * token is written to {@code join-token} in the data directory (mode 0600) for the operator and for
 * {@code anchor up}'s local agents.
 */
final class JoinToken {
    private static final String SETTING = "join_token_sha256";
    private final String hash;
    private final String plain;

    private JoinToken(String hash, String plain) {
        this.hash = requireNonNull(hash, "hash is null");
        this.plain = plain;
    }

    static JoinToken load(SettingsStore settings, Path dataDirectory) {
        Path file = dataDirectory.resolve("join-token");
        String candidate = Ids.secret("jt_");
        String hash = settings.putIfAbsent(SETTING, Hashes.sha256Hex(candidate));
        try {
            if (hash.equals(Hashes.sha256Hex(candidate))) {
                Secrets.writePrivate(file, candidate);
                return new JoinToken(hash, candidate);
            }
            String stored = Files.exists(file) ? Files.readString(file).trim() : null;
            return new JoinToken(hash, stored != null && Hashes.sha256Hex(stored).equals(hash) ? stored : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the join token to " + file, e);
        }
    }

    boolean matches(String token) {
        return MessageDigest.isEqual(Hashes.sha256Hex(token).getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
    }

    /** The plain token, when this data directory still holds it. */
    String plain() {
        return plain;
    }
}
