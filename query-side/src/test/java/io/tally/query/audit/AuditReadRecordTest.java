package io.tally.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.dev.DatabaseRoles;
import io.tally.query.QuerySideTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 34, point 6: the record of who read the audit log, played against by the role that writes
 * it (tally_query: cannot change, delete or truncate a read, nor lift the triggers) and by the
 * owner past the triggers (the chain names the read changed).
 */
class AuditReadRecordTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TABLE = "tally_events.audit_read";

    @Autowired
    private AuditReads reads;

    @Test
    void theQueryRoleCanRecordAReadButNeverChangeOrRemoveOne() throws Exception {
        assertThat(get("/api/audit/reads?limit=1", "AUDITOR").statusCode()).isEqualTo(200);
        try (Connection query = DriverManager.getConnection(
                        STORES.jdbcUrl(), DatabaseRoles.QUERY, STORES.password(DatabaseRoles.QUERY));
                Statement sql = query.createStatement()) {
            sql.execute("INSERT INTO " + TABLE + " (principal, method, path) VALUES ('probe', 'GET', '/probe')");
            for (String attack : new String[] {
                "UPDATE " + TABLE + " SET principal = 'someone else'",
                "DELETE FROM " + TABLE,
                "TRUNCATE " + TABLE,
                "ALTER TABLE " + TABLE + " DISABLE TRIGGER audit_read_append_only",
                "DROP TABLE " + TABLE
            }) {
                assertThatThrownBy(() -> sql.execute(attack)).as(attack).isInstanceOf(SQLException.class);
            }
        }
        assertThat(reads.firstBroken()).as("every read chained").isEmpty();
    }

    @Test
    void aReadChangedPastTheTriggersBreaksTheChainThere() throws Exception {
        assertThat(get("/api/audit/reads?limit=1", "AUDITOR").statusCode()).isEqualTo(200);
        long id;
        String principal;
        try (Connection owner = intruder();
                Statement sql = owner.createStatement()) {
            try (var row = sql.executeQuery("SELECT id, principal FROM " + TABLE + " ORDER BY id DESC LIMIT 1")) {
                row.next();
                id = row.getLong(1);
                principal = row.getString(2);
            }
            sql.execute("UPDATE " + TABLE + " SET principal = 'nobody' WHERE id = " + id);
        }
        try {
            assertThat(reads.firstBroken()).contains(id);
            JsonNode verify = JSON.readTree(get("/api/audit/verify", "AUDITOR").body());
            assertThat(verify.get("verified").asBoolean()).as(verify.toString()).isFalse();
            assertThat(verify.get("firstBrokenAt").get("reason").asString()).isEqualTo("audit-read-altered");
        } finally {
            try (Connection owner = intruder();
                    Statement sql = owner.createStatement()) {
                sql.execute("UPDATE " + TABLE + " SET principal = '" + principal + "' WHERE id = " + id);
            }
        }
        assertThat(reads.firstBroken()).isEmpty();
    }

    /** As someone with the database's keys, past the append-only trigger. */
    private static Connection intruder() throws SQLException {
        Connection db = DriverManager.getConnection(STORES.jdbcUrl(), STORES.user(), STORES.password());
        try (Statement statement = db.createStatement()) {
            statement.execute("SET session_replication_role = replica");
        }
        return db;
    }
}
