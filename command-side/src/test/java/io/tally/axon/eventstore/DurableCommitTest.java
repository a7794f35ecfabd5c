package io.tally.axon.eventstore;

import io.tally.command.CommandSideApplication;
import io.tally.command.web.CommandSideHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which commits wait for the WAL flush (docs/decisions.md): the service's sessions do not, and a
 * transaction that stores events, a seal or a data key (or erases one) does, made so by the
 * database itself. The statements touch no row (statement triggers fire all the same) and roll back.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DurableCommitTest extends CommandSideHttpTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void theServicesSessionsDoNotWaitForTheFlush() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("off");
            assertThat(row.getString(2)).as("set by the pool for its sessions").isEqualTo("session");
        }
    }

    @Test
    void storingEventsSealsOrDataKeysMakesTheTransactionDurable() throws Exception {
        assertThat(commitSettingAfter("INSERT INTO tally_events.domain_event_entry"
                + " SELECT * FROM tally_events.domain_event_entry WHERE false")).isEqualTo("on");
        assertThat(commitSettingAfter("INSERT INTO tally_events.seal SELECT * FROM tally_events.seal WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter("DELETE FROM tally_events.personal_data_key WHERE false")).isEqualTo("on");
        assertThat(commitSettingAfter("UPDATE tally_events.personal_data_key SET customer_id = customer_id WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter("INSERT INTO tally_events.personal_data_erasure"
                + " SELECT * FROM tally_events.personal_data_erasure WHERE false")).isEqualTo("on");
    }

    @Test
    void bookkeepingAloneDoesNotWait() throws Exception {
        assertThat(commitSettingAfter("DELETE FROM tally_command.idempotency_key WHERE false")).isEqualTo("off");
        assertThat(commitSettingAfter("DELETE FROM tally_command.payment_token_vault WHERE false")).isEqualTo("off");
    }

    /** {@code synchronous_commit} as the transaction would commit, after {@code statement} in it. */
    private String commitSettingAfter(String statement) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("SET synchronous_commit = off");
                sql.execute(statement);
                try (ResultSet row = sql.executeQuery("SHOW synchronous_commit")) {
                    row.next();
                    return row.getString(1);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
