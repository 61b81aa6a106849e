package dev.anchor.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection, inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
