package io.tally.axon.audit;

import io.tally.formats.audit.LogMerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The store: the {@code seal} and {@code seal_refusal} tables and the event hashes a seal covers.
 * Methods given a connection run in the caller's transaction (the sealer's); the others open one of
 * the service's own.
 */
final class SealStore {

    /** An event the sealer refused to seal, and why. */
    record Refusal(long globalIndex, String eventId, String reason) {}

    private final DataSource dataSource;
    private final String events;
    private final String seals;
    private final String refusals;

    SealStore(DataSource dataSource, String eventSchema) {
        this.dataSource = dataSource;
        this.events = eventSchema + ".domain_event_entry";
        this.seals = eventSchema + ".seal";
        this.refusals = eventSchema + ".seal_refusal";
    }

    /** The transaction's lock on sealing; false while another instance holds it. */
    boolean tryLock(Connection db) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, seals);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    Optional<Seal> last(Connection db) throws SQLException {
        try (PreparedStatement query =
                        db.prepareStatement("SELECT * FROM " + seals + " ORDER BY seal_number DESC LIMIT 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(seal(row)) : Optional.empty();
        }
    }

    /** The newest event after {@code after} older than {@code settleSeconds}; {@code -1} for none. */
    long settledThrough(Connection db, long after, double settleSeconds) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT coalesce(max(global_index), -1) FROM " + events
                + " WHERE global_index > ? AND time_stamp::timestamptz < now() - make_interval(secs => ?)")) {
            query.setLong(1, after);
            query.setDouble(2, settleSeconds);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The range's events, in order, with the columns {@link EventAuthentication} checks. */
    PreparedStatement events(Connection db, long after, long to) throws SQLException {
        PreparedStatement query = db.prepareStatement("SELECT " + EventAuthentication.COLUMNS + " FROM " + events
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index");
        query.setFetchSize(1000);
        query.setLong(1, after);
        query.setLong(2, to);
        return query;
    }

    void insert(Connection db, Seal seal) throws SQLException {
        try (PreparedStatement insert =
                db.prepareStatement("INSERT INTO " + seals + " (seal_number, after_global_index,"
                        + " to_global_index, event_count, merkle_root, previous_seal_hash, sealed_at, signature, seal_hash,"
                        + " version) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            insert.setLong(1, seal.number());
            insert.setLong(2, seal.afterGlobalIndex());
            insert.setLong(3, seal.toGlobalIndex());
            insert.setLong(4, seal.eventCount());
            insert.setString(5, seal.merkleRoot());
            insert.setString(6, seal.previousSealHash());
            insert.setString(7, seal.sealedAt());
            insert.setString(8, seal.signature());
            insert.setString(9, seal.sealHash());
            insert.setInt(10, seal.version());
            insert.executeUpdate();
        }
    }

    void recordRefusal(Connection db, Refusal refusal) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + refusals + " (global_index,"
                + " event_identifier, reason, refused_at) VALUES (?,?,?,?) ON CONFLICT (global_index) DO NOTHING")) {
            insert.setLong(1, refusal.globalIndex());
            insert.setString(2, refusal.eventId());
            insert.setString(3, refusal.reason());
            insert.setString(4, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    /** Every seal, oldest first. */
    List<Seal> all() {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT * FROM " + seals + " ORDER BY seal_number");
                ResultSet rows = query.executeQuery()) {
            List<Seal> all = new ArrayList<>();
            while (rows.next()) {
                all.add(seal(rows));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    /** The newest {@code limit} seals, newest first. */
    List<Seal> newest(int limit) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query =
                        db.prepareStatement("SELECT * FROM " + seals + " ORDER BY seal_number DESC LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rows = query.executeQuery()) {
                List<Seal> newest = new ArrayList<>();
                while (rows.next()) {
                    newest.add(seal(rows));
                }
                return newest;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    long count() {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM " + seals);
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The hashes of the events in {@code (after, to]}, in global-index order. */
    List<String> hashes(Connection db, long after, long to) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT hash FROM " + events + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index")) {
            query.setLong(1, after);
            query.setLong(2, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getString(1));
                }
            }
        }
        return hashes;
    }

    /** The RFC 6962 tree over the (global index, hash) leaves of the events in {@code (after, to]}. */
    LogMerkleTree tree(Connection db, long after, long to) throws SQLException {
        LogMerkleTree tree = new LogMerkleTree();
        try (PreparedStatement query = db.prepareStatement("SELECT global_index, hash FROM " + events
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index")) {
            query.setLong(1, after);
            query.setLong(2, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tree.add(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return tree;
    }

    /** The lowest refused event after {@code sealedThrough}, as global index and reason. */
    Optional<Refusal> refusalAfter(long sealedThrough) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT global_index, event_identifier, reason FROM "
                        + refusals + " WHERE global_index > ? ORDER BY global_index LIMIT 1")) {
            query.setLong(1, sealedThrough);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Refusal(row.getLong(1), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the sealing refusals failed", e);
        }
    }

    private static Seal seal(ResultSet row) throws SQLException {
        return new Seal(
                row.getLong("seal_number"),
                row.getLong("after_global_index"),
                row.getLong("to_global_index"),
                row.getLong("event_count"),
                row.getString("merkle_root"),
                row.getString("previous_seal_hash"),
                row.getString("sealed_at"),
                row.getString("signature"),
                row.getString("seal_hash"),
                row.getInt("version"));
    }
}
