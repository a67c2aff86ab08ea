package dev.sagebox.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
