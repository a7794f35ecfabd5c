package io.tally.axon.eventstore;

import io.tally.axon.TallyAxonProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migrates the shared event-store schema as its owner, then grants the services' roles what they
 * may do there and nothing more. Run as its own step ({@link MigrateEventStore}: {@code ./tally up}
 * runs it first, docker-compose as a one-shot job), so no service holds the owner's credentials; a
 * service started without them only checks that the schema is at its release (Flyway's validate)
 * and refuses to start otherwise, unless it connects as the schema's owner itself (one user for
 * everything). What the roles get: command-side appends events and seals, keeps snapshots and the
 * customers' data keys; the sealer appends seals (the
 * command role may not: it could halt sealing with a seal the key never signed); query-side reads. No role but the owner may update, delete or truncate an
 * event or a seal, or touch the triggers that refuse it. Every service runs this at start; Flyway's
 * lock makes concurrent starts safe, and grants that exist already change nothing.
 */
public final class EventStoreSchema {

    private static final Logger log = LoggerFactory.getLogger(EventStoreSchema.class);

    private EventStoreSchema() {}

    private static Flyway flyway(DataSource db, TallyAxonProperties properties) {
        return flyway(db, properties.eventSchema());
    }

    /** The event store's migrations ({@code db/events}) on {@code schema}: the services', and this package's tests'. */
    static Flyway flyway(DataSource db, String schema) {
        return Flyway.configure()
                .dataSource(db)
                .schemas(schema)
                .table("flyway_history")
                .locations("classpath:db/events")
                .load();
    }

    /** Migrates as the owner and grants the roles: the separate step, and tests. */
    public static void migrateAsOwner(DataSource owner, TallyAxonProperties properties) {
        flyway(owner, properties).migrate();
        grant(owner, properties);
    }

    /**
     * At a service's start: with owner credentials configured (tests), migrates; connected as the
     * schema's owner or a superuser (one user for everything), migrates; otherwise only
     * validates, and a store not at this release stops the start with what to run.
     */
    static EventStoreSchema migrate(DataSource service, TallyAxonProperties properties) {
        DataSource owner = owner(service, properties);
        if (owner != null || ownsSchema(service, properties.eventSchema())) {
            migrateAsOwner(owner != null ? owner : service, properties);
        } else {
            try {
                flyway(service, properties).validate();
            } catch (org.flywaydb.core.api.FlywayException notMigrated) {
                throw new IllegalStateException(
                        "the event store " + properties.eventSchema() + " is not migrated to"
                                + " this release and this service may not migrate it (it holds no owner credentials):"
                                + " run ./tally migrate, or docker-compose's migrate job, as its owner first ("
                                + notMigrated.getMessage() + ")",
                        notMigrated);
            }
        }
        return new EventStoreSchema();
    }

    /**
     * Whether the service's user owns the schema or is a superuser (one user for everything). A
     * schema not there yet is never created by a service's role: it would own the event store.
     */
    private static boolean ownsSchema(DataSource service, String schema) {
        try (Connection db = service.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT coalesce((SELECT pg_get_userbyid(nspowner)"
                        + " FROM pg_namespace WHERE nspname = ?) = current_user, false)"
                        + " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            query.setString(1, schema);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL to check the event store", e);
        }
    }

    /** The owner's own connection for the migration only, never the service's pool; none configured: null. */
    private static DataSource owner(DataSource service, TallyAxonProperties properties) {
        if (properties.ownerUsername() == null || properties.ownerUsername().isBlank()) {
            return null;
        }
        try (Connection connection = service.getConnection()) {
            return new DriverManagerDataSource(
                    connection.getMetaData().getURL(), properties.ownerUsername(), properties.ownerPassword());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL to migrate the event store", e);
        }
    }

    private static void grant(DataSource owner, TallyAxonProperties properties) {
        String schema = properties.eventSchema();
        try (Connection db = owner.getConnection();
                Statement sql = db.createStatement()) {
            String self = db.getMetaData().getUserName();
            String command = existing(db, properties.commandRole(), self);
            String query = existing(db, properties.queryRole(), self);
            String sealer = existing(db, properties.sealerRole(), self);
            for (String role : new String[] {command, query, sealer}) {
                if (role != null) {
                    sql.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                    // a service without the owner's credentials validates the schema's version at start
                    sql.execute("GRANT SELECT ON " + schema + ".flyway_history TO " + role);
                }
            }
            if (command != null) {
                for (String grant : List.of(
                        "SELECT, INSERT ON " + schema + ".domain_event_entry",
                        "SELECT ON " + schema + ".seal, " + schema + ".seal_refusal, " + schema
                                + ".event_authentication",
                        "SELECT, INSERT, DELETE ON " + schema + ".snapshot_event_entry",
                        "SELECT, INSERT, UPDATE, DELETE ON " + schema + ".personal_data_key",
                        "SELECT, INSERT, UPDATE ON " + schema + ".personal_data_erasure",
                        "SELECT ON " + schema + ".personal_data_clear_key",
                        "USAGE ON ALL SEQUENCES IN SCHEMA " + schema)) {
                    sql.execute("GRANT " + grant + " TO " + command);
                }
            }
            if (command != null && !command.equals(sealer)) {
                // an earlier release let the command role append seals: a junk seal halted sealing for good
                sql.execute("REVOKE INSERT ON " + schema + ".seal FROM " + command);
            }
            if (sealer != null) {
                sql.execute("GRANT SELECT ON " + schema + ".domain_event_entry, " + schema + ".seal, " + schema
                        + ".event_authentication, " + schema + ".seal_refusal TO " + sealer);
                sql.execute("GRANT INSERT ON " + schema + ".seal, " + schema + ".seal_refusal TO " + sealer);
            }
            if (query != null) {
                sql.execute(
                        "GRANT SELECT ON " + schema + ".seal_refusal, " + schema + ".event_authentication TO " + query);
                // who read the audit API: recorded by query-side, changed by nobody (its triggers are the owner's)
                sql.execute("GRANT SELECT, INSERT ON " + schema + ".audit_read TO " + query);
                sql.execute("GRANT USAGE ON SEQUENCE " + schema + ".audit_read_id_seq TO " + query);
                sql.execute("GRANT SELECT ON " + schema + ".domain_event_entry, " + schema + ".seal, " + schema
                        + ".snapshot_event_entry, " + schema + ".personal_data_key, " + schema
                        + ".personal_data_erasure TO " + query);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("granting the services' roles on the event store failed", e);
        }
    }

    /** The role when it exists and is not the owner itself (a deployment with one user grants nothing). */
    private static String existing(Connection db, String role, String self) throws SQLException {
        if (role == null || role.isBlank() || role.equals(self)) {
            return null;
        }
        try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    return '"' + role.replace("\"", "\"\"") + '"';
                }
            }
        }
        log.warn("the role {} does not exist: it is granted nothing on the event store", role);
        return null;
    }
}
