package io.tally.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.query.QuerySideTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The query side's sessions do not wait for the WAL flush (its writes are derived from the log);
 * a record of an audit read is not derived, and its transaction is made durable by the database.
 */
class DurableAuditReadTest extends QuerySideTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void projectionWritesDoNotWaitButAnAuditReadRecordDoes() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            assertThat(setting(sql)).as("the pool's sessions").isEqualTo("off");
            connection.setAutoCommit(false);
            try {
                sql.execute("UPDATE order_view SET version = version WHERE false");
                assertThat(setting(sql)).as("a projection write").isEqualTo("off");
                sql.execute("INSERT INTO tally_events.audit_read SELECT * FROM tally_events.audit_read WHERE false");
                assertThat(setting(sql)).as("an audit read's record").isEqualTo("on");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private static String setting(Statement sql) throws Exception {
        try (ResultSet row = sql.executeQuery("SHOW synchronous_commit")) {
            row.next();
            return row.getString(1);
        }
    }
}
