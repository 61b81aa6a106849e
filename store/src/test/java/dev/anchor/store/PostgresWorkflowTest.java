package dev.anchor.store;

final class PostgresWorkflowTest extends WorkflowContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
