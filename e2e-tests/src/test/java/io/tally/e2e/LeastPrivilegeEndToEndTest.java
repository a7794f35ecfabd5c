package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tally.dev.DatabaseRoles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays the insider with database access: connected as each role the services use, every change
 * to history is refused by PostgreSQL itself, and even the event store's owner cannot truncate it.
 */
class LeastPrivilegeEndToEndTest {

    private static final String EVENTS = "tally_events.domain_event_entry";
    private static final String PERMISSION_DENIED = "42501";
    private static RunningSystem system;
    private static String sku;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        sku = "PRIV-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 700, 0, 3);
        system.awaitLevels(sku, 3, 0);
    }

    @Test
    void theServicesConnectAsTheirOwnRolesNotAsASuperuser() throws Exception {
        Set<String> users = new HashSet<>();
        try (Connection db = connect(system.stores.user());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT DISTINCT usename FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND application_name = 'PostgreSQL JDBC Driver'"
                        + " AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                users.add(rows.getString(1));
            }
        }
        assertThat(users).contains(DatabaseRoles.COMMAND, DatabaseRoles.QUERY);
        try (Connection db = connect(system.stores.user());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT rolname FROM pg_roles WHERE rolsuper AND rolname IN ('"
                        + DatabaseRoles.OWNER + "', '" + DatabaseRoles.COMMAND + "', '" + DatabaseRoles.QUERY + "')")) {
            assertThat(rows.next()).as("no Tally role is a superuser").isFalse();
        }
    }

    /**
     * Issue 34, point 7: with pg_hba at {@code trust}, any process on the host was {@code postgres}.
     * Played as such a process: every role, the superuser too, with no password and with a wrong one,
     * over TCP and (where psql is installed) over the Unix socket; and the password files are the
     * stores' own.
     */
    @Test
    void aProcessOnTheHostIsNoDatabaseUserWithoutThatUsersPassword() throws Exception {
        Path secrets = system.stores.secrets();
        assumeTrue(secrets != null, "the run's PostgreSQL was not started by Tally");
        for (String user : List.of(
                "postgres", DatabaseRoles.OWNER, DatabaseRoles.COMMAND, DatabaseRoles.QUERY, DatabaseRoles.SEALER)) {
            assertThatThrownBy(() -> DriverManager.getConnection(system.stores.jdbcUrl(), user, "")
                            .close())
                    .as(user + " without a password")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(system.stores.jdbcUrl(), user, "tally")
                            .close())
                    .as(user + " with a wrong password")
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(Files.getPosixFilePermissions(secrets.resolve(user + ".password")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(Files.getPosixFilePermissions(secrets))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
        Path psql = Path.of("/usr/bin/psql");
        if (Files.isExecutable(psql)) {
            int port = java.net
                    .URI
                    .create(system.stores.jdbcUrl().substring("jdbc:".length()))
                    .getPort();
            ProcessBuilder socket = new ProcessBuilder(
                            psql.toString(),
                            "-h",
                            "/tmp",
                            "-p",
                            String.valueOf(port),
                            "-U",
                            "postgres",
                            "-w",
                            "-d",
                            "postgres",
                            "-c",
                            "SELECT 1")
                    .redirectErrorStream(true);
            socket.environment().remove("PGPASSWORD");
            socket.environment().put("PGPASSFILE", "/dev/null");
            Process process = socket.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isNotZero();
            assertThat(output)
                    .as("over the Unix socket, no password: refused")
                    .containsAnyOf("password authentication failed", "no password supplied", "fe_sendauth");
        }
    }

    @Test
    void commandSidesRoleMayAppendButNeverRewriteHistory() throws Exception {
        try (Connection db = connect(DatabaseRoles.COMMAND)) {
            assertThat(count(db, "SELECT count(*) FROM " + EVENTS + " WHERE aggregate_identifier = '" + sku + "'"))
                    .isEqualTo(2);
            assertDenied(db, "UPDATE " + EVENTS + " SET payload = '{}' WHERE aggregate_identifier = '" + sku + "'");
            assertDenied(db, "DELETE FROM " + EVENTS + " WHERE aggregate_identifier = '" + sku + "'");
            assertDenied(db, "TRUNCATE " + EVENTS);
            assertDenied(db, "ALTER TABLE " + EVENTS + " DISABLE TRIGGER domain_event_entry_append_only");
            assertDenied(db, "DROP TRIGGER domain_event_entry_no_truncate ON " + EVENTS);
            assertDenied(db, "UPDATE tally_events.seal SET signature = 'forged'");
            assertDenied(db, "DELETE FROM tally_events.seal");
            assertDenied(db, "INSERT INTO tally_query.inventory_item (sku) VALUES ('" + sku + "-forged')");
        }
    }

    @Test
    void querySidesRoleMayReadTheLogAndWriteNothingOfIt() throws Exception {
        try (Connection db = connect(DatabaseRoles.QUERY)) {
            assertThat(count(db, "SELECT count(*) FROM " + EVENTS + " WHERE aggregate_identifier = '" + sku + "'"))
                    .isEqualTo(2);
            assertDenied(
                    db,
                    "INSERT INTO " + EVENTS + " (aggregate_identifier, sequence_number, type, event_identifier,"
                            + " payload, payload_type, time_stamp) VALUES ('" + sku + "', 2, 'InventoryItem', '"
                            + UUID.randomUUID()
                            + "', '{}', 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T00:00:00Z')");
            assertDenied(db, "UPDATE " + EVENTS + " SET meta_data = '{}' WHERE aggregate_identifier = '" + sku + "'");
            assertDenied(db, "INSERT INTO tally_events.seal (seal_number) VALUES (999999)");
            assertDenied(db, "DELETE FROM tally_events.personal_data_key");
            assertDenied(db, "SELECT count(*) FROM tally_command.idempotency_key");
        }
    }

    /** The owner could drop the trigger, which shows in the schema; what it cannot do is truncate quietly. */
    @Test
    void evenTheOwnerCannotTruncateTheEventsOrTheSeals() throws Exception {
        try (Connection db = connect(DatabaseRoles.OWNER);
                Statement sql = db.createStatement()) {
            assertThatThrownBy(() -> sql.execute("TRUNCATE " + EVENTS))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("immutable");
            assertThatThrownBy(() -> sql.execute("TRUNCATE tally_events.seal"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("immutable");
            assertThatThrownBy(
                            () -> sql.execute("DELETE FROM " + EVENTS + " WHERE aggregate_identifier = '" + sku + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("immutable");
        }
        try (Connection db = connect(DatabaseRoles.COMMAND)) {
            assertThat(count(db, "SELECT count(*) FROM " + EVENTS + " WHERE aggregate_identifier = '" + sku + "'"))
                    .as("the item's history is whole")
                    .isEqualTo(2);
        }
    }

    private static void assertDenied(Connection db, String statement) {
        assertThatThrownBy(() -> {
                    try (Statement sql = db.createStatement()) {
                        sql.execute(statement);
                    }
                })
                .as(statement)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(PERMISSION_DENIED));
    }

    private static long count(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(system.stores.jdbcUrl(), user, system.stores.password(user));
    }
}
