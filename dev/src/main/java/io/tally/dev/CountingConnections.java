package io.tally.dev;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Connections of a data source that count the statements prepared on them: what a store costs in
 * round trips. An Axon store takes it as its connection provider:
 * {@code () -> CountingConnections.open(dataSource, statements)}.
 */
public final class CountingConnections {

    private CountingConnections() {}

    public static Connection open(DataSource dataSource, AtomicInteger statements) throws SQLException {
        Connection connection = dataSource.getConnection();
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
