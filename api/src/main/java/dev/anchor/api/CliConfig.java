package dev.anchor.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The CLI's configuration file: which coordinator to talk to and with which API key. It lives at
 * {@code $ANCHOR_CONFIG}, else {@code $XDG_CONFIG_HOME/anchor/config.json}, else
 * {@code ~/.config/anchor/config.json}. A coordinator writes it at first start so the CLI works at once.
 */
public record CliConfig(String url, String apiKey) {

    public static Path defaultPath() {
        String explicit = System.getenv("ANCHOR_CONFIG");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("anchor").resolve("config.json");
    }

    public static Optional<CliConfig> read(Path file) {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), CliConfig.class));
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.INVALID_REQUEST, "cannot read the CLI config " + file + ": " + e.getMessage());
        }
    }

    /** Writes the file atomically, readable by its owner only (it holds a secret). */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".config", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system.
            }
            Files.write(temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
