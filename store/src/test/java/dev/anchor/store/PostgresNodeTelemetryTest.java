package dev.anchor.store;

final class PostgresNodeTelemetryTest extends NodeTelemetryContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
