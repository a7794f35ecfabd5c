package io.tally.query.admin;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * The connections of a replay's copy: a small pool of their own, as the query side's role, whose
 * unqualified names find the copy's schema first ({@code search_path}), so the projection's own
 * SQL writes into the copy. The one place that knows the pool is Hikari's; {@link Replays} sees a
 * {@link DataSource} it closes when the replay ends.
 */
@Component
class ReplayConnections {

    private final DataSourceProperties database;

    ReplayConnections(DataSourceProperties database) {
        this.database = database;
    }

    /** A pool named {@code name} of at most three connections, with this search path; {@link #close} it after use. */
    DataSource open(String name, String searchPath) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.determineUrl());
        pool.setUsername(database.determineUsername());
        pool.setPassword(database.determinePassword());
        pool.setMaximumPoolSize(3);
        pool.setPoolName(name);
        pool.setConnectionInitSql("SET search_path TO " + searchPath);
        return pool;
    }

    void close(DataSource pool) {
        ((HikariDataSource) pool).close();
    }
}
