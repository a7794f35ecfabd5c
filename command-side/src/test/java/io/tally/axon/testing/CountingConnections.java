package io.tally.axon.testing;

import org.axonframework.common.jdbc.ConnectionProvider;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/** Connections of a data source that count the statements prepared on them: what a store costs in round trips. */
public final class CountingConnections {

    private CountingConnections() {
    }

    public static ConnectionProvider of(DataSource dataSource, AtomicInteger statements) {
        return () -> {
            Connection connection = dataSource.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }
}
