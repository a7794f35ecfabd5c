package io.tally.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed traffic against a running Tally, from {@code tally.users} concurrent users: order
 * placements followed until CONFIRMED (the full saga; each read asks for {@code minVersion} one above
 * the version last seen, which the query side answers when the order's next event is projected, as a
 * client following its order would) then shipped, stock receipts, refunds of
 * shipped orders, and analysts' reads. Every command carries its own Idempotency-Key. Besides
 * Gatling's HTML report it writes {@code tally-metrics.json} into the results folder: latency and
 * status of every command sent after the warm-up, and each order's POST-to-CONFIRMED time.
 */
public class TallySimulation extends Simulation {

    private static final String COMMAND = System.getProperty("tally.command", "http://localhost:8080");
    private static final String QUERY = System.getProperty("tally.query", "http://localhost:8081");
    private static final String APP = "Bearer " + System.getProperty("tally.app.token");
    private static final String ANALYST = "Bearer " + System.getProperty("tally.analyst.token");
    private static final int USERS = Integer.getInteger("tally.users", 8);
    private static final int WARMUP = Integer.getInteger("tally.warmup", 10);
    private static final int SECONDS = Integer.getInteger("tally.seconds", 60);
    /** New users a second in the open model ({@code ./tally bench open RATE}); 0 for the closed model of USERS. */
    private static final double RATE = Double.parseDouble(System.getProperty("tally.rate", "0"));

    private static final List<String> SKUS =
            List.of(System.getProperty("tally.skus", "BENCH-0").split(","));
    private static final long MEASURED_FROM =
            System.nanoTime() + Duration.ofSeconds(WARMUP).toNanos();

    private static final ConcurrentLinkedQueue<long[]> COMMANDS = new ConcurrentLinkedQueue<>();
    private static final Map<String, AtomicLong> STATUSES = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Long> CONFIRMED = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<String> SHIPPED = new ConcurrentLinkedQueue<>();

    private final HttpProtocolBuilder protocol = http.acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    /** Keeps one command's status and latency, once the warm-up is over. */
    private static Session record(Session session, String command) {
        if (System.nanoTime() >= MEASURED_FROM && session.contains("status")) {
            int status = session.getInt("status");
            COMMANDS.add(new long[] {session.getLong("rt"), status});
            STATUSES.computeIfAbsent(command + " " + status, k -> new AtomicLong())
                    .incrementAndGet();
        }
        return session.remove("status");
    }

    private static Session fresh(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return session.set("key", UUID.randomUUID().toString())
                .set("sku", SKUS.get(random.nextInt(SKUS.size())))
                .set("orderStatus", "")
                .set("orderVersion", 0L)
                .set("postedAt", System.nanoTime());
    }

    private final ChainBuilder placeAndFollow = exec(TallySimulation::fresh)
            .exec(http("place order")
                    .post(COMMAND + "/api/orders")
                    .header("Authorization", APP)
                    .header("Idempotency-Key", "#{key}")
                    .body(StringBody("{\"customerId\":\"cus_bench\",\"customerName\":\"Bench Customer\","
                            + "\"customerEmail\":\"bench@example.com\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"#{sku}\","
                            + "\"quantity\":1}],\"paymentToken\":\"tok_visa\"}"))
                    .check(
                            status().saveAs("status"),
                            responseTimeInMillis().saveAs("rt"),
                            jsonPath("$.orderId").optional().saveAs("orderId")))
            .exec(session -> record(session, "place order"))
            .doIf(session -> session.contains("orderId"))
            .then(asLongAs(
                            session -> !"CONFIRMED".equals(session.getString("orderStatus"))
                                    && !"REJECTED".equals(session.getString("orderStatus")),
                            "polls")
                    .on(exec(http("follow order")
                                    .get(session -> QUERY + "/api/orders/" + session.getString("orderId")
                                            + "?minVersion=" + (session.getLong("orderVersion") + 1))
                                    .header("Authorization", APP)
                                    .check(
                                            status().in(200, 404, 409),
                                            jsonPath("$.status").optional().saveAs("orderStatus"),
                                            jsonPath("$.version")
                                                    .ofLong()
                                                    .optional()
                                                    .saveAs("orderVersion")))
                            .exitHereIf(session -> session.getInt("polls") > 20))
                    .exec(session -> {
                        if ("CONFIRMED".equals(session.getString("orderStatus"))
                                && System.nanoTime() >= MEASURED_FROM) {
                            CONFIRMED.add((System.nanoTime() - session.getLong("postedAt")) / 1_000_000);
                        }
                        return session.set("key", UUID.randomUUID().toString());
                    })
                    .doIf(session -> "CONFIRMED".equals(session.getString("orderStatus")))
                    .then(exec(http("ship")
                                    .post(COMMAND + "/api/orders/#{orderId}/ship")
                                    .header("Authorization", APP)
                                    .header("Idempotency-Key", "#{key}")
                                    .body(StringBody("{\"carrier\":\"DHL\",\"trackingNumber\":\"B1\"}"))
                                    .check(
                                            status().saveAs("status"),
                                            responseTimeInMillis().saveAs("rt"),
                                            jsonPath("$.paymentId").optional().saveAs("paymentId")))
                            .exec(session -> {
                                if (session.contains("paymentId")) {
                                    SHIPPED.add(session.getString("paymentId"));
                                }
                                return record(session, "ship");
                            })));

    private final ChainBuilder receipt = exec(TallySimulation::fresh)
            .exec(http("receipt")
                    .post(COMMAND + "/api/inventory/#{sku}/receipts")
                    .header("Authorization", APP)
                    .header("Idempotency-Key", "#{key}")
                    .body(StringBody("{\"quantity\":3}"))
                    .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt")))
            .exec(session -> record(session, "receipt"));

    /** A refund of a shipped order whose capture has happened (422 until it has, which counts). */
    private final ChainBuilder refund = exec(session -> {
                String paymentId = SHIPPED.poll();
                return fresh(session).set("refundable", paymentId == null ? "" : paymentId);
            })
            .doIf(session -> !session.getString("refundable").isEmpty())
            .then(exec(http("refund")
                            .post(COMMAND + "/api/payments/#{refundable}/refunds")
                            .header("Authorization", APP)
                            .header("Idempotency-Key", "#{key}")
                            .body(StringBody("{\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"reason\":\"bench\"}"))
                            .check(
                                    status().saveAs("status"),
                                    responseTimeInMillis().saveAs("rt")))
                    .exec(session -> record(session, "refund")));

    private final ChainBuilder read = exec(http("list orders")
                    .get(QUERY + "/api/orders?size=20")
                    .header("Authorization", ANALYST)
                    .check(status().is(200)))
            .exec(http("search")
                    .get(QUERY + "/api/search/orders?q=Bench&size=10")
                    .header("Authorization", ANALYST)
                    .check(status().is(200)));

    private final ChainBuilder oneOfEach = randomSwitch()
            .on(
                    percent(55).then(placeAndFollow),
                    percent(25).then(receipt),
                    percent(10).then(refund),
                    percent(10).then(read));

    private final ScenarioBuilder mixed = scenario("mixed traffic").forever().on(oneOfEach);

    /** Each arriving user does one thing (an order is placed, followed, shipped) and leaves. */
    private final ScenarioBuilder arrivals = scenario("mixed arrivals").exec(oneOfEach);

    {
        if (RATE > 0) {
            setUp(arrivals.injectOpen(
                            rampUsersPerSec(1).to(RATE).during(Math.max(1, WARMUP)),
                            constantUsersPerSec(RATE).during(SECONDS)))
                    .protocols(protocol)
                    .maxDuration(Duration.ofSeconds(WARMUP + SECONDS + 30));
        } else {
            setUp(mixed.injectClosed(
                            rampConcurrentUsers(1).to(USERS).during(Math.max(1, WARMUP)),
                            constantConcurrentUsers(USERS).during(SECONDS)))
                    .protocols(protocol)
                    .maxDuration(Duration.ofSeconds(WARMUP + SECONDS));
        }
    }

    @Override
    public void after() {
        StringBuilder json = new StringBuilder("{\"commands\":[");
        String separator = "";
        for (long[] command : COMMANDS) {
            json.append(separator)
                    .append('[')
                    .append(command[0])
                    .append(',')
                    .append(command[1])
                    .append(']');
            separator = ",";
        }
        json.append("],\"confirmed\":").append(CONFIRMED).append(",\"statuses\":{");
        separator = "";
        for (Map.Entry<String, AtomicLong> status : STATUSES.entrySet()) {
            json.append(separator)
                    .append('"')
                    .append(status.getKey())
                    .append("\":")
                    .append(status.getValue().get());
            separator = ",";
        }
        json.append("}}");
        try {
            Files.writeString(Path.of(System.getProperty("tally.metrics", "target/tally-metrics.json")), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
