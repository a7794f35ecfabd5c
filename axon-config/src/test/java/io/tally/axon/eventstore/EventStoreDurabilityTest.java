package io.tally.axon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.axon.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which commits wait for the WAL flush (docs/decisions.md "Which commits wait for the disk"): a
 * transaction that stores events, a seal or a data key (or erases one) does, made so by the event
 * store's own migrations (events {@code V7}) whatever the session asked. On an event store schema of
 * its own, migrated as the services' is; the statements touch no row (statement triggers fire all
 * the same) and roll back. That the services' sessions do not wait, and their bookkeeping commits
 * neither, is command-side's {@code DurableCommitTest}.
 */
class EventStoreDurabilityTest {

    private static TestDatabase database;
    private static String events;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.freshSchema("axon_events_test");
        events = database.schema();
        EventStoreSchema.flyway(database.dataSource(), events).migrate();
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void storingEventsSealsOrDataKeysMakesTheTransactionDurable() throws Exception {
        assertThat(commitSettingAfter("INSERT INTO " + events + ".domain_event_entry SELECT * FROM " + events
                        + ".domain_event_entry WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter("INSERT INTO " + events + ".seal SELECT * FROM " + events + ".seal WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter("DELETE FROM " + events + ".personal_data_key WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter(
                        "UPDATE " + events + ".personal_data_key SET customer_id = customer_id" + " WHERE false"))
                .isEqualTo("on");
        assertThat(commitSettingAfter("INSERT INTO " + events + ".personal_data_erasure SELECT * FROM " + events
                        + ".personal_data_erasure WHERE false"))
                .isEqualTo("on");
    }

    @Test
    void readingTheLogLeavesTheSessionsSetting() throws Exception {
        assertThat(commitSettingAfter("SELECT count(*) FROM " + events + ".domain_event_entry"))
                .isEqualTo("off");
        assertThat(commitSettingAfter("SELECT count(*) FROM " + events + ".seal"))
                .isEqualTo("off");
    }

    /** {@code synchronous_commit} as the transaction would commit, after {@code statement} in it. */
    private static String commitSettingAfter(String statement) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
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
