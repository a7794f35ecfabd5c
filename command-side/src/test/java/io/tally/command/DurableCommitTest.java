package io.tally.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.command.web.CommandSideHttpTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Which commits wait for the WAL flush (docs/decisions.md "Which commits wait for the disk"): the
 * service's sessions do not, and neither does its bookkeeping (idempotency claims, the card-token
 * vault). That storing events, seals and data keys does whatever the session asked is the event
 * store's own rule: axon-config's {@code EventStoreDurabilityTest}.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DurableCommitTest extends CommandSideHttpTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void theServicesSessionsDoNotWaitForTheFlush() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet row =
                        sql.executeQuery("SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("off");
            assertThat(row.getString(2)).as("set by the pool for its sessions").isEqualTo("session");
        }
    }

    @Test
    void bookkeepingAloneDoesNotWait() throws Exception {
        assertThat(commitSettingAfter("DELETE FROM tally_command.idempotency_key WHERE false"))
                .isEqualTo("off");
        assertThat(commitSettingAfter("DELETE FROM tally_command.payment_token_vault WHERE false"))
                .isEqualTo("off");
    }

    /** {@code synchronous_commit} as the transaction would commit, after {@code statement} in it. */
    private String commitSettingAfter(String statement) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
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
