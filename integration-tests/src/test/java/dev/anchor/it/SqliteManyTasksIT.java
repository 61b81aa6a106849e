package dev.anchor.it;

final class SqliteManyTasksIT extends ManyTasksContract {
    @Override
    TestingCluster.Store store() {
        return TestingCluster.Store.SQLITE;
    }
}
