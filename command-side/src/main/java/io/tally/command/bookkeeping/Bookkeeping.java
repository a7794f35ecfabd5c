package io.tally.command.bookkeeping;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Connections whose commits do not wait for the write-ahead log to reach the disk
 * ({@code synchronous_commit = off}): the commit is visible to every session at once, and is
 * flushed by PostgreSQL's WAL writer within a fraction of a second, or at once by the next
 * durable commit on any connection, since the log is flushed in order. Only a crash of
 * PostgreSQL itself in that fraction of a second loses such a commit.
 * <p>
 * That is safe for bookkeeping that precedes the events it serves (an idempotency claim, a card
 * token in the vault): the events' own durable commit comes later and flushes it, and when the
 * events never commit, nothing was applied and losing the row loses nothing. It is safe for an
 * idempotency answer, which follows its events: should it be lost, the claim it completes is found
 * abandoned and answered {@code already-applied} from the events, never run again. The events
 * themselves, seals and everything else stay on the service's durable pool.
 */
@Component
public class Bookkeeping implements DisposableBean {

    private final HikariDataSource pool;
    private final JdbcClient jdbc;

    Bookkeeping(DataSourceProperties properties,
                @org.springframework.beans.factory.annotation.Value("${spring.datasource.hikari.schema:}") String schema) {
        pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("bookkeeping");
        pool.setMaximumPoolSize(4);
        pool.setConnectionTimeout(5000);
        if (!schema.isEmpty()) {
            pool.setSchema(schema);
        }
        pool.setConnectionInitSql("SET synchronous_commit = off");
        jdbc = JdbcClient.create(pool);
    }

    /** Statements in autocommit, each committed without waiting for the flush. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
