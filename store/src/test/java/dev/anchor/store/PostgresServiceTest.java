package dev.anchor.store;

final class PostgresServiceTest extends ServiceContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
