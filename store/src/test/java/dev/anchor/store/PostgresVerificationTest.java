package dev.anchor.store;

final class PostgresVerificationTest extends VerificationContractTest {
    @Override
    protected Database openDatabase() {
        return TestingPostgres.freshSchema();
    }
}
