package dev.anchor.store;

final class PostgresStoreTest extends StoreContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
