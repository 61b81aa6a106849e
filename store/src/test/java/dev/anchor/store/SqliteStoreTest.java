package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.sqlite(directory.resolve("anchor.db"), false);
    }

    @Test
    void reopening_keeps_committed_state_and_migrates_once() {
        Path file = directory.resolve("reopen.db");
        String key;
        try (Database first = Database.sqlite(file, false)) {
            key = new UserStore(first).create("carol", "user", 1).apiKey();
        }
        try (Database second = Database.sqlite(file, true)) {
            assertThat(new UserStore(second).authenticate(key)).isPresent();
        }
    }
}
