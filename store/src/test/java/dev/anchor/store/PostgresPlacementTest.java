package dev.anchor.store;

final class PostgresPlacementTest extends PlacementContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
