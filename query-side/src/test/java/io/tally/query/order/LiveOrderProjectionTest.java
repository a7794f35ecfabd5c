package io.tally.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderTotals;
import io.tally.query.PoisonPill;
import io.tally.query.QuerySideTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events appended to the real event store and projected by the running processors: a poison
 * event goes to the dead-letter queue while the rest goes on, order updates stream as SSE, and
 * the projections report where they are.
 */
class LiveOrderProjectionTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private EventStore eventStore;

    @Autowired
    private co.elastic.clients.elasticsearch.ElasticsearchClient elasticsearch;

    private void append(EventMessage<?>... events) {
        List<org.axonframework.eventhandling.DomainEventMessage<?>> domain = new ArrayList<>();
        for (EventMessage<?> event : events) {
            domain.add((org.axonframework.eventhandling.DomainEventMessage<?>) event);
        }
        eventStore.publish(domain);
    }

    private static EventMessage<?> placed(String orderId, String customer) {
        Money total = Money.of(1500, "EUR");
        OrderLine line =
                new OrderLine("SKU-L", "Lamp", 1, total, 0, total, Money.of(0, "EUR"), Money.of(0, "EUR"), total);
        return event(
                "Order",
                orderId,
                0,
                new OrderPlacedEvent(
                        orderId,
                        "cus-live",
                        customer,
                        "live@example.com",
                        "EUR",
                        List.of(line),
                        null,
                        new OrderTotals(total, Money.of(0, "EUR"), Money.of(0, "EUR"), total),
                        uniqueId("pay")),
                Instant.now());
    }

    private JsonNode await(String path, String role, Predicate<JsonNode> until) {
        HttpResponse<String> answer = org.awaitility.Awaitility.await()
                .alias(path + " satisfies the condition")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> get(path, role),
                        response -> response.statusCode() == 200 && until.test(JSON.readTree(response.body())));
        return JSON.readTree(answer.body());
    }

    /** The order's status in the Elasticsearch index, as its document says, or "absent". */
    private String indexed(String orderId) throws Exception {
        var response = elasticsearch.get(g -> g.index(OrderIndex.ALIAS).id(orderId), Object.class);
        return response.found()
                ? JSON.readTree(JSON.writeValueAsString(response.source()))
                        .get("status")
                        .asString()
                : "absent";
    }

    private JsonNode projection(String name) throws Exception {
        HttpResponse<String> response = get("/api/admin/projections/" + name, "OPS");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aPoisonEventIsDeadLetteredWithItsSequenceWhileOtherOrdersGoOnThenRetried() throws Exception {
        String poison = uniqueId("ord");
        String healthy = uniqueId("ord");
        PoisonPill.armed = true;
        long pgBefore = projection("orders-pg").get("deadLetters").asLong();
        long esBefore = projection("orders-es").get("deadLetters").asLong();
        append(placed(poison, PoisonPill.CUSTOMER), placed(healthy, "Healthy Customer"));
        append(
                event("Order", poison, 1, new OrderConfirmedEvent(poison, "pay"), Instant.now()),
                event("Order", healthy, 1, new OrderConfirmedEvent(healthy, "pay"), Instant.now()));

        await(
                "/api/orders/" + healthy,
                "ANALYST",
                order -> order.get("status").asString().equals("CONFIRMED"));
        await(
                "/api/admin/projections/orders-pg",
                "OPS",
                p -> p.get("deadLetters").asLong() == pgBefore + 2);
        await(
                "/api/admin/projections/orders-es",
                "OPS",
                p -> p.get("deadLetters").asLong() == esBefore + 2);
        assertThat(indexed(healthy))
                .as("the healthy order of the same batch is indexed")
                .contains("CONFIRMED");
        HttpResponse<String> metrics = get("/actuator/prometheus", null);
        assertThat(metrics.body())
                .containsPattern("tally_projection_dead_letters\\{[^}]*projection=\"orders-pg\"[^}]*} " + (pgBefore + 2)
                        + "\\.0");
        assertThat(get("/api/orders/" + poison, "ANALYST").body())
                .as("its later event waits with it")
                .doesNotContain("CONFIRMED");

        PoisonPill.armed = false;
        HttpResponse<String> retried = post("/api/admin/projections/orders-pg/dead-letters/retry", "OPS");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        await(
                "/api/orders/" + poison + "?minVersion=1",
                "ANALYST",
                order -> order.get("status").asString().equals("CONFIRMED"));
        assertThat(projection("orders-pg").get("deadLetters").asLong()).isZero();
        assertThat(post("/api/admin/projections/orders-es/dead-letters/retry", "OPS")
                        .statusCode())
                .isEqualTo(200);
        assertThat(indexed(poison)).contains("CONFIRMED");
        assertThat(projection("orders-es").get("deadLetters").asLong()).isZero();
    }

    @Test
    void orderUpdatesStreamPlacedThenConfirmedThenShippedAndClose() throws Exception {
        String orderId = uniqueId("ord");
        append(placed(orderId, "Stream Customer"));
        await("/api/orders/" + orderId, "APP", order -> true);

        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/orders/" + orderId + "/updates"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + STORES.token("test-app", "APP"))
                .GET()
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> stream =
                HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> response.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line ->
                        data.add(JSON.readTree(line.substring(5)).get("status").asString())));

        assertThat(data.poll(10, TimeUnit.SECONDS)).isEqualTo("PLACED");
        append(event("Order", orderId, 1, new OrderConfirmedEvent(orderId, "pay"), Instant.now()));
        assertThat(data.poll(10, TimeUnit.SECONDS)).isEqualTo("CONFIRMED");
        append(event("Order", orderId, 2, new OrderShippedEvent(orderId, "UPS", "1Z"), Instant.now()));
        assertThat(data.poll(10, TimeUnit.SECONDS)).isEqualTo("SHIPPED");
        ended.get(10, TimeUnit.SECONDS);
        assertThat(data).as("one event per change, none after the final state").isEmpty();

        assertThat(get("/api/orders/" + uniqueId("ord") + "/updates", "APP").statusCode())
                .isEqualTo(404);
    }

    @Test
    void everyProjectionReportsItsPositionLagAndDeadLettersAndExportsItsLag() throws Exception {
        JsonNode all = await("/api/admin/projections", "OPS", list -> {
            for (JsonNode p : list) {
                if (p.get("lag").asLong() != 0) {
                    return false;
                }
            }
            return true;
        });
        List<String> names = new ArrayList<>();
        for (JsonNode p : all) {
            names.add(p.get("name").asString());
            assertThat(p.get("status").asString()).isEqualTo("running");
            assertThat(p.get("position").asLong()).isEqualTo(p.get("head").asLong());
            assertThat(p.get("segments").asInt()).isEqualTo(2);
            assertThat(p.get("progress").asDouble()).isEqualTo(1.0);
        }
        assertThat(names).containsExactly("inventory-es", "inventory-pg", "orders-es", "orders-pg", "payments-pg");
        String metrics = get("/actuator/prometheus", null).body();
        for (String name : names) {
            assertThat(metrics).containsPattern("tally_projection_lag\\{[^}]*projection=\"" + name + "\"[^}]*} ");
        }
        assertThat(get("/api/admin/projections/nope", "OPS").statusCode()).isEqualTo(404);
    }

    @Test
    void aReaderAskingForAStoredVersionGetsItAndEachEventsDelayFromItsAppendIsRecorded() throws Exception {
        String orderId = uniqueId("ord");
        append(placed(orderId, "Waiting Customer"));
        await("/api/orders/" + orderId, "APP", order -> order.get("version").asLong() == 0);
        double[] before = delays("orders-pg");
        // appended 3 s ago, as a command's event would be when the projection is 3 s behind; the reader
        // asks for it as a client that just wrote it (ReadYourWritesTest covers the waiting itself)
        append(event(
                "Order",
                orderId,
                1,
                new OrderConfirmedEvent(orderId, "pay"),
                Instant.now().minusSeconds(3)));
        java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return get("/api/orders/" + orderId + "?minVersion=1", "APP");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

        HttpResponse<String> answer = waiting.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("status").asString()).isEqualTo("CONFIRMED");
        double[] after = delays("orders-pg");
        assertThat(after[0] - before[0]).as("events recorded").isGreaterThanOrEqualTo(1);
        assertThat(after[1] - before[1]).as("seconds of delay recorded").isGreaterThanOrEqualTo(3.0);
    }

    /** Count and sum (seconds) of the projection's {@code tally.projection.delay} timer. */
    private double[] delays(String projection) throws Exception {
        double[] countAndSum = new double[2];
        for (String line : get("/actuator/prometheus", null).body().split("\n")) {
            if (line.contains("projection=\"" + projection + "\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("tally_projection_delay_seconds_count{")) {
                    countAndSum[0] = value;
                } else if (line.startsWith("tally_projection_delay_seconds_sum{")) {
                    countAndSum[1] = value;
                }
            }
        }
        return countAndSum;
    }
}
