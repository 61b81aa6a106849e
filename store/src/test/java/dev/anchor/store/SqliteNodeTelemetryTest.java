package dev.anchor.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

final class SqliteNodeTelemetryTest extends NodeTelemetryContractTest {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.sqlite(directory.resolve("anchor.db"), false);
    }
}
