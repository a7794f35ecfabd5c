package io.tally.bench;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's ceiling for Tally's event store: how many rows shaped like
 * {@code domain_event_entry} (same columns and indexes, a typical payload and metadata, a hash)
 * plain JDBC inserts into the same PostgreSQL from {@code threads} connections, one row per
 * transaction, committed synchronously. {@code ./tally bench ceiling [THREADS...] [--seconds N]}.
 */
public final class JdbcCeiling {

    private static final String PAYLOAD = "{\"orderId\":\"ord_%s\",\"customerId\":\"cus_bench\",\"customerName\":"
            + "\"tally-pii:v1:2f508f7d-61b0-41dc-b1a1-54d1307bd1fd:snSTenNyBg4uAgZr+AfX67CQYMihV5a7lTc/aFR88E0Ic\","
            + "\"customerEmail\":\"tally-pii:v1:2f508f7d-61b0-41dc-b1a1-54d1307bd1fd:DhP+Rf3RXWWjysclWh3cGIn3QLWzl\","
            + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"BENCH-1\",\"name\":\"Bench item\",\"quantity\":1,\"unitPrice\":"
            + "{\"amount\":500,\"currency\":\"EUR\"},\"taxRateBasisPoints\":1900}],\"discountCode\":null,\"totals\":"
            + "{\"total\":{\"amount\":595,\"currency\":\"EUR\"}},\"paymentId\":\"pay_%s\"}";
    private static final String METADATA = "{\"principal\":\"bench\",\"correlationId\":\"%s\",\"causationId\":\"%s\"}";

    private JdbcCeiling() {}

    public static void main(String[] args) throws Exception {
        List<Integer> threads = new ArrayList<>();
        long seconds = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Long.parseLong(args[++i]);
            } else {
                threads.add(Integer.parseInt(args[i]));
            }
        }
        if (threads.isEmpty()) {
            threads = List.of(1, 4, 8, 16);
        }
        String url = BenchMain.env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
        String user = BenchMain.env("TALLY_DB_USER", "postgres");
        String password = BenchMain.env("TALLY_DB_PASSWORD", "");
        System.out.printf(
                "JDBC ceiling: rows shaped like tally_events.domain_event_entry, one per transaction,"
                        + " synchronous commit, %d s per run, %s%n",
                seconds, Instant.now());
        for (int count : threads) {
            System.out.printf(
                    "  %2d connections: %8.0f rows/s%n",
                    count, measure(url, user, password, count, Duration.ofSeconds(seconds)));
        }
    }

    /** Rows per second from {@code threads} connections over {@code duration}, after a one-second warm-up. */
    public static double measure(String url, String user, String password, int threads, Duration duration)
            throws Exception {
        return measureCounted(url, user, password, threads, duration).rowsPerSecond();
    }

    /** Rows a second after the first second's warm-up, and every row inserted, warm-up included. */
    public record Ceiling(double rowsPerSecond, long allRows) {}

    public static Ceiling measureCounted(String url, String user, String password, int threads, Duration duration)
            throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password);
                Statement ddl = db.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS tally_bench");
            ddl.execute("DROP TABLE IF EXISTS tally_bench.ceiling_event");
            // the same columns, keys and indexes; not the append-only trigger or the hash chain lookup
            ddl.execute("CREATE TABLE tally_bench.ceiling_event (LIKE tally_events.domain_event_entry INCLUDING"
                    + " DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            ddl.execute("ALTER TABLE tally_bench.ceiling_event ALTER COLUMN global_index DROP DEFAULT");
            ddl.execute("CREATE SEQUENCE IF NOT EXISTS tally_bench.ceiling_seq");
            ddl.execute("ALTER TABLE tally_bench.ceiling_event ALTER COLUMN global_index"
                    + " SET DEFAULT nextval('tally_bench.ceiling_seq')");
        }
        AtomicLong rows = new AtomicLong();
        AtomicLong all = new AtomicLong();
        long warmUpEnds = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long ends = warmUpEnds + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Connection db = DriverManager.getConnection(url, user, password);
                        PreparedStatement insert = db.prepareStatement(
                                "INSERT INTO tally_bench.ceiling_event"
                                        + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                                        + " payload_revision, payload_type, time_stamp, hash, previous_hash)"
                                        + " VALUES (?, ?, 'Order', ?, ?, ?, '2', 'io.tally.api.order.OrderPlacedEvent', ?, ?, ?)")) {
                    db.setAutoCommit(true);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    String previous = null;
                    while (System.nanoTime() < ends) {
                        String id = UUID.randomUUID().toString();
                        String payload = PAYLOAD.formatted(id, id);
                        String hash = HexFormat.of().formatHex(sha.digest(payload.getBytes()));
                        insert.setString(1, "ord_" + id);
                        insert.setLong(2, 0);
                        insert.setString(3, id);
                        insert.setString(4, METADATA.formatted(id, id));
                        insert.setString(5, payload);
                        insert.setString(6, Instant.now().toString());
                        insert.setString(7, hash);
                        insert.setString(8, previous);
                        insert.executeUpdate();
                        previous = hash;
                        all.incrementAndGet();
                        if (System.nanoTime() > warmUpEnds) {
                            rows.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        try (Connection db = DriverManager.getConnection(url, user, password);
                Statement ddl = db.createStatement()) {
            ddl.execute("DROP SCHEMA tally_bench CASCADE");
        }
        return new Ceiling(rows.get() / (duration.toNanos() / 1e9), all.get());
    }
}
