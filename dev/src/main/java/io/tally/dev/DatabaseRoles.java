package io.tally.dev;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database roles of the embedded default, made as a deployment's administrator would make them
 * ({@code docker/postgres/roles.sql} does the same for docker-compose): {@code tally_owner} owns the
 * event store and runs its migrations, {@code tally_command} and {@code tally_query} own their
 * services' schemas and get on the event store only what the services grant them at start
 * (appending, reading). None is a superuser. Objects an earlier version created as the superuser
 * are handed to their role, so a store written before the roles existed keeps working.
 */
public final class DatabaseRoles {

    public static final String OWNER = "tally_owner";
    public static final String COMMAND = "tally_command";
    public static final String QUERY = "tally_query";
    public static final String SEALER = "tally_sealer";

    private DatabaseRoles() {}

    /** Run as a superuser of the database the services use. */
    public static void prepare(Connection superuser) throws SQLException {
        try (Statement sql = superuser.createStatement()) {
            String database;
            try (ResultSet row = sql.executeQuery("SELECT current_database()")) {
                row.next();
                database = row.getString(1);
            }
            for (String role : List.of(OWNER, COMMAND, QUERY, SEALER)) {
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
                // a role may create its own schemas (Flyway's, a replay's copy); nothing in another's; the sealer none
                sql.execute("GRANT CONNECT" + (role.equals(SEALER) ? "" : ", CREATE") + " ON DATABASE \"" + database
                        + "\" TO " + role);
            }
            adopt(superuser, "tally_events", OWNER);
            adopt(superuser, "tally_command", COMMAND);
            for (String schema : schemasLike(superuser, "tally\\_query%")) {
                adopt(superuser, schema, QUERY);
            }
        }
    }

    /**
     * Gives the superuser and each role its generated password (scram-sha-256, PostgreSQL 15's
     * default encryption). Run at every start, so a lost or edited role password is set again from
     * its file.
     */
    public static void setPasswords(Connection superuser, DatabasePasswords passwords) throws SQLException {
        try (Statement sql = superuser.createStatement()) {
            sql.execute("SET password_encryption = 'scram-sha-256'");
            // pg_stat_statements would keep the statements' text, passwords and all
            sql.execute("SET pg_stat_statements.track_utility = off");
            for (String role : List.of(DatabasePasswords.SUPERUSER, OWNER, COMMAND, QUERY, SEALER)) {
                String password;
                try {
                    password = passwords.of(role);
                } catch (java.io.IOException e) {
                    throw new SQLException("reading the password of " + role + " failed", e);
                }
                // base64url only (DatabasePasswords), so the literal needs no escaping
                sql.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
            }
        }
    }

    private static List<String> schemasLike(Connection db, String pattern) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname LIKE ?")) {
            query.setString(1, pattern);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
        }
        return schemas;
    }

    /** The schema and everything in it to {@code role}, when it is not already the owner. */
    private static void adopt(Connection db, String schema, String role) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("DO $$ DECLARE object RECORD; BEGIN"
                    + " IF EXISTS (SELECT FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner"
                    + "            WHERE n.nspname = '" + schema + "' AND r.rolname <> '" + role + "') THEN"
                    + "   EXECUTE format('ALTER SCHEMA %I OWNER TO %I', '" + schema + "', '" + role + "');"
                    + "   FOR object IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + "                  WHERE n.nspname = '" + schema + "' AND c.relkind IN ('r', 'v', 'm', 'p')"
                    + "                    AND pg_get_userbyid(c.relowner) <> '" + role + "' LOOP"
                    + "     EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', '" + schema + "', object.relname, '" + role
                    + "');"
                    + "   END LOOP;"
                    + "   FOR object IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + "                  WHERE n.nspname = '" + schema + "' AND c.relkind = 'S'"
                    + "                    AND pg_get_userbyid(c.relowner) <> '" + role + "'"
                    + "                    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'a') LOOP"
                    + "     EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO %I', '" + schema + "', object.relname, '"
                    + role + "');"
                    + "   END LOOP;"
                    + "   FOR object IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + "                  WHERE n.nspname = '" + schema + "' LOOP"
                    + "     EXECUTE format('ALTER FUNCTION %s OWNER TO %I', object.signature, '" + role + "');"
                    + "   END LOOP;"
                    + " END IF; END $$");
        }
    }
}
