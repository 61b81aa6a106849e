package dev.anchor.it;

final class PostgresManyTasksIT extends ManyTasksContract {
    @Override
    TestingCluster.Store store() {
        return TestingCluster.Store.POSTGRES;
    }
}
