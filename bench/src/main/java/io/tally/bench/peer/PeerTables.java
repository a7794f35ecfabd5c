package io.tally.bench.peer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The peer's read model of orders and its card tokens: two plain tables, made at start. */
@Component
class PeerTables {

    final JdbcTemplate jdbc;

    PeerTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("CREATE TABLE IF NOT EXISTS order_view (order_id VARCHAR(255) PRIMARY KEY, status VARCHAR(32)"
                + " NOT NULL, total BIGINT NOT NULL, currency VARCHAR(3) NOT NULL, version BIGINT NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS payment_token (payment_id VARCHAR(255) PRIMARY KEY,"
                + " token VARCHAR(255) NOT NULL)");
    }
}
