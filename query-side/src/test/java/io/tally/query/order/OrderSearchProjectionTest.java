package io.tally.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.api.common.Money;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderTotals;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.query.QuerySideTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orders read models fed recorded event sequences, with duplicates and out-of-order
 * redeliveries: exact PostgreSQL rows and Elasticsearch documents, then search and analytics.
 */
class OrderSearchProjectionTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private OrderProjector orders;

    @Autowired
    @Qualifier("paymentProjector")
    private Object payments;

    @Autowired
    private OrderSearchIndexer indexer;

    @Autowired
    private ElasticsearchClient elasticsearch;

    @Autowired
    private JdbcClient jdbc;

    /** A recorded order: its events (order and payment streams interleaved as stored) and expected end state. */
    private record Recorded(
            String orderId,
            String paymentId,
            List<EventMessage<?>> events,
            String status,
            String paymentStatus,
            long total,
            long tax,
            long refunded,
            long orderVersion,
            long paymentVersion) {}

    private static OrderLine line(String sku, String name, long quantity, long unitPrice, String currency) {
        long subtotal = quantity * unitPrice;
        long tax = subtotal / 10;
        return new OrderLine(
                sku,
                name,
                quantity,
                Money.of(unitPrice, currency),
                1000,
                Money.of(subtotal, currency),
                Money.of(0, currency),
                Money.of(tax, currency),
                Money.of(subtotal + tax, currency));
    }

    /** shipped + refunded {@code refunds}, confirmed, rejected (declined), cancelled (voided). */
    private static Recorded order(
            String outcome,
            String customer,
            String email,
            String currency,
            Instant placedAt,
            List<OrderLine> lines,
            long... refunds) {
        String orderId = uniqueId("ord");
        String paymentId = uniqueId("pay");
        long subtotal = lines.stream().mapToLong(l -> l.subtotal().amount()).sum();
        long tax = lines.stream().mapToLong(l -> l.tax().amount()).sum();
        Money total = Money.of(subtotal + tax, currency);
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(event(
                "Order",
                orderId,
                0,
                new OrderPlacedEvent(
                        orderId,
                        "cus-" + customer.hashCode(),
                        customer,
                        email,
                        currency,
                        lines,
                        null,
                        new OrderTotals(
                                Money.of(subtotal, currency), Money.of(0, currency), Money.of(tax, currency), total),
                        paymentId),
                placedAt));
        Instant t = placedAt;
        String status;
        String paymentStatus;
        long orderVersion = 0;
        long paymentVersion = 0;
        long refunded = 0;
        if (outcome.equals("rejected")) {
            events.add(event(
                    "Payment",
                    paymentId,
                    0,
                    PaymentDeclinedEvent.declined(paymentId, orderId, total, "card_declined"),
                    t = t.plusSeconds(1)));
            events.add(event(
                    "Order",
                    orderId,
                    1,
                    new OrderRejectedEvent(orderId, "payment-declined", "card_declined"),
                    t.plusSeconds(1)));
            return new Recorded(orderId, paymentId, events, "REJECTED", "DECLINED", total.amount(), tax, 0, 1, 0);
        }
        events.add(event(
                "Payment",
                paymentId,
                0,
                new PaymentAuthorizedEvent(paymentId, orderId, total, "auth"),
                t = t.plusSeconds(1)));
        events.add(event("Order", orderId, 1, new OrderConfirmedEvent(orderId, paymentId), t = t.plusSeconds(1)));
        orderVersion = 1;
        status = "CONFIRMED";
        paymentStatus = "AUTHORIZED";
        if (outcome.equals("cancelled")) {
            events.add(event(
                    "Order",
                    orderId,
                    2,
                    new OrderCancelledEvent(orderId, "changed mind", io.tally.api.order.OrderStatus.CONFIRMED),
                    t = t.plusSeconds(1)));
            events.add(event(
                    "Payment",
                    paymentId,
                    1,
                    new PaymentVoidedEvent(paymentId, orderId, total, "cancelled"),
                    t.plusSeconds(1)));
            return new Recorded(orderId, paymentId, events, "CANCELLED", "VOIDED", total.amount(), tax, 0, 2, 1);
        }
        if (outcome.equals("shipped")) {
            events.add(event("Order", orderId, 2, new OrderShippedEvent(orderId, "DHL", "JD1"), t = t.plusSeconds(1)));
            events.add(event(
                    "Payment",
                    paymentId,
                    1,
                    new PaymentCapturedEvent(paymentId, orderId, total),
                    t = t.plusSeconds(1)));
            status = "SHIPPED";
            paymentStatus = "CAPTURED";
            orderVersion = 2;
            paymentVersion = 1;
            for (int i = 0; i < refunds.length; i++) {
                refunded += refunds[i];
                t = t.plusSeconds(3600);
                events.add(event(
                        "Payment",
                        paymentId,
                        2 + i,
                        new PaymentRefundedEvent(
                                paymentId,
                                orderId,
                                "r" + i,
                                Money.of(refunds[i], currency),
                                "returned",
                                Money.of(refunded, currency),
                                total),
                        t));
                paymentVersion = 2 + i;
                paymentStatus = refunded == total.amount() ? "REFUNDED" : "PARTIALLY_REFUNDED";
            }
        }
        return new Recorded(
                orderId,
                paymentId,
                events,
                status,
                paymentStatus,
                total.amount(),
                tax,
                refunded,
                orderVersion,
                paymentVersion);
    }

    private void project(List<EventMessage<?>> events) {
        replay(events, orders, payments, indexer);
    }

    /** Every event once, then again in a shuffled batch, then a stale prefix: the end state must not move. */
    private void projectWithRedeliveries(List<Recorded> recorded) {
        List<EventMessage<?>> all = new ArrayList<>();
        recorded.forEach(r -> all.addAll(r.events()));
        project(all);
        List<EventMessage<?>> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(42));
        project(shuffled);
        project(all.subList(0, all.size() / 2));
        project(List.of(all.get(0), all.get(0), all.get(1)));
    }

    private JsonNode document(String orderId) throws Exception {
        var response = elasticsearch.get(g -> g.index(OrderIndex.ALIAS).id(orderId), Object.class);
        return JSON.readTree(JSON.writeValueAsString(response.source()));
    }

    private void refresh() throws Exception {
        elasticsearch.indices().refresh(r -> r.index(OrderIndex.ALIAS));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path, "ANALYST");
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void rowsAndDocumentsEndAsTheEventsSayWhateverTheRedeliveries() throws Exception {
        Instant day = Instant.parse("2029-01-10T09:00:00Z");
        List<Recorded> recorded = List.of(
                order(
                        "shipped",
                        "Grace Hopper",
                        "grace@navy.example",
                        "EUR",
                        day,
                        List.of(line("MUG", "Coffee Mug", 2, 1000, "EUR")),
                        500,
                        1700),
                order(
                        "confirmed",
                        "Alan Turing",
                        "alan@bletchley.example",
                        "EUR",
                        day.plusSeconds(60),
                        List.of(line("PEN", "Fountain Pen", 1, 2500, "EUR"))),
                order(
                        "rejected",
                        "Ada Byron",
                        "ada@analytical.example",
                        "USD",
                        day.plusSeconds(120),
                        List.of(line("INK", "Ink Bottle", 3, 300, "USD"))),
                order(
                        "cancelled",
                        "Edsger Dijkstra",
                        "ewd@tue.example",
                        "EUR",
                        day.plusSeconds(180),
                        List.of(line("PAD", "Note Pad", 5, 200, "EUR"))));
        projectWithRedeliveries(recorded);

        for (Recorded r : recorded) {
            Map<String, Object> row =
                    jdbc.sql("""
                            SELECT o.status, o.version, o.total, o.tax, p.status AS payment_status, p.refunded,
                                   p.version AS payment_version
                              FROM order_view o JOIN payment_view p ON p.payment_id = o.payment_id
                             WHERE o.order_id = :id""").param("id", r.orderId()).query().singleRow();
            assertThat(row)
                    .as(r.orderId())
                    .containsEntry("status", r.status())
                    .containsEntry("version", r.orderVersion())
                    .containsEntry("total", r.total())
                    .containsEntry("tax", r.tax())
                    .containsEntry("payment_status", r.paymentStatus())
                    .containsEntry("refunded", r.refunded())
                    .containsEntry("payment_version", r.paymentVersion());

            JsonNode doc = document(r.orderId());
            assertThat(doc.get("status").asString()).as(r.orderId()).isEqualTo(r.status());
            assertThat(doc.get("paymentStatus").asString()).isEqualTo(r.paymentStatus());
            assertThat(doc.get("total").asLong()).isEqualTo(r.total());
            assertThat(doc.get("tax").asLong()).isEqualTo(r.tax());
            assertThat(doc.get("refunded").asLong()).isEqualTo(r.refunded());
            assertThat(doc.get("orderVersion").asLong()).isEqualTo(r.orderVersion());
            assertThat(doc.get("paymentVersion").asLong()).isEqualTo(r.paymentVersion());
            assertThat(doc.get("refunds").size()).as("each refund once").isEqualTo((int) r.events().stream()
                    .filter(e -> e.getPayload() instanceof PaymentRefundedEvent)
                    .count());
            assertThat(doc.get("placedAt").asString())
                    .isEqualTo(r.events().get(0).getTimestamp().toString());
        }
        JsonNode shipped = document(recorded.get(0).orderId());
        assertThat(shipped.get("customerName").asString()).isEqualTo("Grace Hopper");
        assertThat(shipped.get("lines").get(0).get("gross").asLong()).isEqualTo(2200);
        assertThat(shipped.get("products").get(0).asString()).isEqualTo("Coffee Mug");
    }

    @Test
    void aPaymentEventAheadOfItsOrderIsKeptUntilTheOrderArrives() throws Exception {
        Recorded r = order(
                "shipped",
                "Barbara Liskov",
                "liskov@mit.example",
                "EUR",
                Instant.parse("2029-02-01T12:00:00Z"),
                List.of(line("CUP", "Tea Cup", 1, 800, "EUR")),
                300);
        List<EventMessage<?>> reversed = new ArrayList<>(r.events());
        Collections.reverse(reversed);
        for (EventMessage<?> event : reversed) {
            project(List.of(event));
        }
        JsonNode doc = document(r.orderId());
        assertThat(doc.get("status").asString()).isEqualTo("SHIPPED");
        assertThat(doc.get("paymentStatus").asString()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(doc.get("refunded").asLong()).isEqualTo(300);
        assertThat(doc.get("customerName").asString()).isEqualTo("Barbara Liskov");
    }

    @Test
    void highlightsEscapeTheStoredTextSoOnlyTheirOwnTagsAreMarkup() throws Exception {
        String tag = "X" + Long.toString(System.nanoTime(), 36);
        Recorded r = order(
                "confirmed",
                "<img src=x onerror=alert(1)> " + tag,
                tag.toLowerCase() + "@evil.example",
                "EUR",
                Instant.parse("2029-04-04T10:00:00Z"),
                List.of(line("SCRIPT", "<script>alert(2)</script> " + tag + " Mug", 1, 900, "EUR")));
        projectWithRedeliveries(List.of(r));
        refresh();
        JsonNode hit = getJson("/api/search/orders?q=" + tag).get("items").get(0);
        String name = hit.get("highlights").get("customerName").get(0).asString();
        String product = hit.get("highlights").get("products").get(0).asString();
        assertThat(name).isEqualTo("&lt;img src=x onerror=alert(1)&gt; <em>" + tag + "</em>");
        assertThat(product)
                .startsWith("&lt;script&gt;alert(2)&lt;&#x2F;script&gt; <em>" + tag + "</em>")
                .doesNotContain("<script");
        // the plain fields stay the stored text, for a client that escapes them itself
        assertThat(hit.get("customerName").asString()).isEqualTo("<img src=x onerror=alert(1)> " + tag);
    }

    @Test
    void searchFindsCustomersByPartOfTheirNameByEmailAndByProductWordWithHighlights() throws Exception {
        String tag = "Q" + Long.toString(System.nanoTime(), 36);
        Instant at = Instant.parse("2029-03-03T10:00:00Z");
        List<Recorded> recorded = List.of(
                order(
                        "shipped",
                        "Katherine " + tag + "son",
                        tag.toLowerCase() + ".kj@nasa.example",
                        "EUR",
                        at,
                        List.of(line("SLIDE", tag + " Slide Rule", 1, 4000, "EUR"))),
                order(
                        "confirmed",
                        "Dorothy " + tag + "vaughan",
                        "dv@nasa.example",
                        "USD",
                        at.plusSeconds(10),
                        List.of(line("PUNCH", tag + " Punch Cards", 10, 50, "USD"))),
                order(
                        "rejected",
                        "Mary " + tag + "jackson",
                        "mj@nasa.example",
                        "EUR",
                        at.plusSeconds(20),
                        List.of(line("TUNNEL", "Wind Tunnel Model", 1, 9000, "EUR"))));
        projectWithRedeliveries(recorded);
        refresh();

        JsonNode byName = getJson("/api/search/orders?q=Katherine%20" + tag);
        assertThat(byName.get("total").asLong()).isEqualTo(1);
        assertThat(byName.get("items").get(0).get("orderId").asString())
                .isEqualTo(recorded.get(0).orderId());
        assertThat(byName.get("items")
                        .get(0)
                        .get("highlights")
                        .get("customerName")
                        .get(0)
                        .asString())
                .contains("<em>Katherine</em>");

        JsonNode byEmail = getJson("/api/search/orders?q=" + tag.toLowerCase() + ".kj@nasa.example");
        assertThat(byEmail.get("items").get(0).get("orderId").asString())
                .isEqualTo(recorded.get(0).orderId());
        assertThat(byEmail.get("items").get(0).get("highlights").has("customerEmail"))
                .isTrue();

        JsonNode byProduct = getJson("/api/search/orders?q=" + tag + "%20punch");
        assertThat(byProduct.get("total").asLong()).isEqualTo(1);
        assertThat(byProduct.get("items").get(0).get("orderId").asString())
                .isEqualTo(recorded.get(1).orderId());
        assertThat(byProduct
                        .get("items")
                        .get(0)
                        .get("highlights")
                        .get("products")
                        .get(0)
                        .asString())
                .contains("<em>Punch</em>");

        JsonNode byPrefix = getJson(
                "/api/search/orders?q=" + tag.substring(0, tag.length() - 1).toLowerCase());
        assertThat(byPrefix.get("total").asLong())
                .as("a prefix of the last word matches")
                .isEqualTo(3);

        JsonNode byOrderId = getJson("/api/search/orders?q=" + recorded.get(2).orderId());
        assertThat(byOrderId.get("items").get(0).get("orderId").asString())
                .isEqualTo(recorded.get(2).orderId());

        JsonNode all = getJson("/api/search/orders?q=" + tag + "&size=1");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items").size()).isEqualTo(1);
        long statusCount = 0;
        for (JsonNode count : all.get("facets").get("status")) {
            statusCount += count.asLong();
        }
        long currencyCount = 0;
        for (JsonNode count : all.get("facets").get("currency")) {
            currencyCount += count.asLong();
        }
        assertThat(statusCount).isEqualTo(3);
        assertThat(currencyCount).isEqualTo(3);
        assertThat(all.get("facets").get("currency").get("EUR").asLong()).isEqualTo(2);
        assertThat(all.get("facets").get("status").get("REJECTED").asLong()).isEqualTo(1);

        JsonNode shippedOnly = getJson("/api/search/orders?q=" + tag + "&status=shipped,confirmed&sort=total,desc");
        assertThat(shippedOnly.get("total").asLong()).isEqualTo(2);
        assertThat(shippedOnly.get("items").get(0).get("orderId").asString())
                .isEqualTo(recorded.get(0).orderId());
        assertThat(shippedOnly.get("items").get(0).get("score").isNull())
                .as("no score when sorted by a field")
                .isTrue();
        assertThat(getJson("/api/search/orders?q=" + tag + "&placedFrom=2029-03-03T10:00:05Z")
                        .get("total")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void revenueAndTopProductsOverSeveralDaysAndCurrencies() throws Exception {
        String sku = "SKU" + Long.toString(System.nanoTime(), 36).toUpperCase();
        // a Sunday of its own in the far future, so that no other run's orders fall into these days
        LocalDate firstSunday = LocalDate.of(2040, 1, 1);
        LocalDate drawn = firstSunday.plusWeeks(new Random().nextInt(50_000));
        LocalDate sunday = drawn.plusDays(1).getMonth() == drawn.getMonth() ? drawn : drawn.plusWeeks(1);
        Instant day1 = sunday.atTime(8, 0).toInstant(ZoneOffset.UTC);
        Instant day2 = sunday.plusDays(1).atTime(23, 30).toInstant(ZoneOffset.UTC);
        String saturday = sunday.minusDays(1).toString();
        String monday = sunday.plusDays(1).toString();
        List<Recorded> recorded = List.of(
                order(
                        "shipped",
                        "Rev One",
                        "r1@example.com",
                        "CHF",
                        day1,
                        List.of(line(sku + "-A", "Alpha", 2, 1000, "CHF")),
                        700),
                order(
                        "confirmed",
                        "Rev Two",
                        "r2@example.com",
                        "CHF",
                        day1.plusSeconds(600),
                        List.of(line(sku + "-A", "Alpha", 1, 1000, "CHF"), line(sku + "-B", "Beta", 5, 100, "CHF"))),
                order(
                        "rejected",
                        "Rev Three",
                        "r3@example.com",
                        "CHF",
                        day2,
                        List.of(line(sku + "-A", "Alpha", 9, 1000, "CHF"))),
                order(
                        "cancelled",
                        "Rev Four",
                        "r4@example.com",
                        "CHF",
                        day2,
                        List.of(line(sku + "-B", "Beta", 9, 100, "CHF"))),
                order(
                        "shipped",
                        "Rev Five",
                        "r5@example.com",
                        "CHF",
                        day2,
                        List.of(line(sku + "-B", "Beta", 1, 100, "CHF"))),
                order(
                        "shipped",
                        "Rev Six",
                        "r6@example.com",
                        "SEK",
                        day2,
                        List.of(line(sku + "-C", "Gamma", 4, 5000, "SEK"))));
        projectWithRedeliveries(recorded);
        refresh();

        // day 1: two sales, 2200 + (1100 + 550); the refund of 700 happens an hour after the first one ships
        JsonNode chf =
                getJson("/api/analytics/revenue?from=" + saturday + "&to=" + monday + "&interval=day&currency=CHF");
        JsonNode buckets = chf.get("buckets");
        assertThat(buckets.size()).isEqualTo(3);
        assertThat(buckets.get(0).get("start").asString()).isEqualTo(saturday + "T00:00:00Z");
        assertThat(buckets.get(0).get("orders").asLong()).isZero();
        assertThat(buckets.get(1).get("orders").asLong()).isEqualTo(2);
        assertThat(buckets.get(1).get("gross").get("amount").asLong()).isEqualTo(2200 + 1650);
        assertThat(buckets.get(1).get("tax").get("amount").asLong()).isEqualTo(200 + 150);
        assertThat(buckets.get(1).get("refunded").get("amount").asLong()).isEqualTo(700);
        assertThat(buckets.get(1).get("net").get("amount").asLong()).isEqualTo(2200 + 1650 - 700);
        assertThat(buckets.get(2).get("orders").asLong())
                .as("rejected and cancelled are no sales")
                .isEqualTo(1);
        assertThat(buckets.get(2).get("gross").get("amount").asLong()).isEqualTo(110);
        assertThat(buckets.get(2).get("gross").get("currency").asString()).isEqualTo("CHF");

        JsonNode month = getJson("/api/analytics/revenue?from=" + sunday.withDayOfMonth(1) + "&to="
                + sunday.withDayOfMonth(1).plusMonths(1).minusDays(1) + "&interval=month&currency=CHF");
        assertThat(month.get("buckets").size()).isEqualTo(1);
        assertThat(month.get("buckets").get(0).get("orders").asLong()).isEqualTo(3);
        assertThat(month.get("buckets").get(0).get("net").get("amount").asLong())
                .isEqualTo(2200 + 1650 + 110 - 700);

        JsonNode week = getJson("/api/analytics/revenue?from=" + sunday + "&to=" + monday + "&interval=week");
        List<String> currencies = new ArrayList<>();
        week.get("buckets").forEach(b -> currencies.add(b.get("currency").asString()));
        assertThat(currencies).contains("CHF", "SEK");
        week.get("buckets")
                .forEach(b -> assertThat(b.get("start").asString())
                        .isIn(sunday.minusDays(6) + "T00:00:00Z", monday + "T00:00:00Z"));

        JsonNode top = getJson("/api/analytics/top-products?from=" + sunday + "&to=" + monday + "&limit=500");
        List<String> ours = new ArrayList<>();
        for (JsonNode product : top) {
            if (product.get("sku").asString().startsWith(sku)) {
                ours.add(product.get("sku").asString() + ":"
                        + product.get("units").asLong() + ":"
                        + product.get("gross").get("amount").asLong() + ":"
                        + product.get("gross").get("currency").asString() + ":"
                        + product.get("name").asString());
            }
        }
        // by units: C 4 (SEK), A 3 (2200 + 1100), B 6 (550 + 110); rejected and cancelled lines do not count
        assertThat(ours)
                .containsExactly(sku + "-B:6:660:CHF:Beta", sku + "-C:4:22000:SEK:Gamma", sku + "-A:3:3300:CHF:Alpha");
    }
}
