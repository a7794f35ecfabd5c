package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A scripted day of trade in two currencies through the command API: orders confirmed, shipped,
 * refunded in part and in full, declined, out of stock, cancelled. Then every query endpoint must
 * answer with the numbers this test computes from the commands it sent.
 */
class AnalystDayEndToEndTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static RunningSystem system;

    /** price and tax rate of each item this test registers. */
    private final Map<String, long[]> items = new HashMap<>();

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> currencies = new HashMap<>();
    private final String tag = "Day" + UUID.randomUUID().toString().substring(0, 6);
    private final String customer = "cus-" + tag;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private String item(String name, String currency, long price, int taxRate, long stock) throws Exception {
        String sku = name.toUpperCase() + "-" + tag;
        HttpResponse<String> registered =
                system.command("POST", "/api/inventory", """
                {"sku":"%s","name":"%s %s","unitPrice":{"amount":%d,"currency":"%s"},"taxRateBasisPoints":%d}""".formatted(sku, tag, name, price, currency, taxRate));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":" + stock + "}")
                        .statusCode())
                .isEqualTo(200);
        items.put(sku, new long[] {price, taxRate});
        names.put(sku, tag + " " + name);
        currencies.put(sku, currency);
        return sku;
    }

    /** What this test expects of one order: its total and tax as the rules in docs/contract-choices.md compute them. */
    private record Placed(
            String orderId,
            String paymentId,
            String currency,
            long total,
            long tax,
            Map<String, Long> units,
            Map<String, Long> gross) {}

    private Placed place(String currency, String token, Object... skuAndQuantity) throws Exception {
        StringBuilder lines = new StringBuilder();
        long total = 0;
        long tax = 0;
        Map<String, Long> units = new LinkedHashMap<>();
        Map<String, Long> gross = new LinkedHashMap<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            String sku = (String) skuAndQuantity[i];
            long quantity = ((Integer) skuAndQuantity[i + 1]).longValue();
            lines.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"")
                    .append(sku)
                    .append("\",\"quantity\":")
                    .append(quantity)
                    .append('}');
            long subtotal = items.get(sku)[0] * quantity;
            long lineTax = BigDecimal.valueOf(subtotal)
                    .multiply(BigDecimal.valueOf(items.get(sku)[1]))
                    .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
            total += subtotal + lineTax;
            tax += lineTax;
            units.merge(sku, quantity, Long::sum);
            gross.merge(sku, subtotal + lineTax, Long::sum);
        }
        HttpResponse<String> response = system.command(
                "POST", "/api/orders", """
                {"customerId":"%s","customerName":"Analyst %s","customerEmail":"%s@example.com","currency":"%s",
                 "lines":[%s],"paymentToken":"%s"}""".formatted(customer, tag, tag.toLowerCase(), currency, lines, token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = RunningSystem.JSON.readTree(response.body());
        assertThat(body.get("totals").get("total").get("amount").asLong()).isEqualTo(total);
        return new Placed(
                body.get("orderId").asString(), body.get("paymentId").asString(), currency, total, tax, units, gross);
    }

    private void ship(Placed order) throws Exception {
        system.awaitOrderStatus(order.orderId(), SETTLE, "CONFIRMED");
        assertThat(system.command(
                                "POST",
                                "/api/orders/" + order.orderId() + "/ship",
                                "{\"carrier\":\"UPS\",\"trackingNumber\":\"1Z999\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    /** The capture follows the shipment through the saga; until it is made, a refund is refused. */
    private void refund(Placed order, long amount) {
        await().alias("a refund of " + order.paymentId() + " once it is captured")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> system.command(
                                        "POST",
                                        "/api/payments/" + order.paymentId() + "/refunds",
                                        "{\"amount\":{\"amount\":%d,\"currency\":\"%s\"},\"reason\":\"returned\"}"
                                                .formatted(amount, order.currency()))
                                .statusCode()
                        == 200);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = system.query(path, "ANALYST");
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return RunningSystem.JSON.readTree(response.body());
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> ready) {
        return await().alias(path + " settles")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> json(path), ready::test);
    }

    @Test
    void everyQueryEndpointAgreesWithTheDayOfCommands() throws Exception {
        String lamp = item("Lamp", "USD", 4999, 825, 50);
        String bulb = item("Bulb", "USD", 599, 825, 50);
        String tea = item("Tea", "GBP", 350, 2000, 50);
        String kettle = item("Kettle", "GBP", 2999, 2000, 2);

        Placed confirmed = place("USD", "tok_visa", lamp, 1);
        Placed partlyRefunded = place("USD", "tok_visa", lamp, 2, bulb, 3);
        Placed fullyRefunded = place("USD", "tok_visa", bulb, 1);
        Placed declined = place("USD", "tok_declined", bulb, 2);
        Placed cancelled = place("GBP", "tok_visa", tea, 4);
        Placed outOfStock = place("GBP", "tok_visa", kettle, 5);
        Placed shippedGbp = place("GBP", "tok_visa", tea, 2, kettle, 1);

        ship(partlyRefunded);
        ship(fullyRefunded);
        ship(shippedGbp);
        refund(partlyRefunded, 1000);
        refund(fullyRefunded, fullyRefunded.total());
        system.awaitOrderStatus(cancelled.orderId(), SETTLE, "CONFIRMED");
        assertThat(system.command(
                                "POST",
                                "/api/orders/" + cancelled.orderId() + "/cancel",
                                "{\"reason\":\"changed mind\"}")
                        .statusCode())
                .isEqualTo(200);
        system.awaitOrderStatus(declined.orderId(), SETTLE, "REJECTED");
        system.awaitOrderStatus(outOfStock.orderId(), SETTLE, "REJECTED");

        Map<String, String> expectedStatus = new LinkedHashMap<>();
        expectedStatus.put(confirmed.orderId(), "CONFIRMED");
        expectedStatus.put(partlyRefunded.orderId(), "SHIPPED");
        expectedStatus.put(fullyRefunded.orderId(), "SHIPPED");
        expectedStatus.put(declined.orderId(), "REJECTED");
        expectedStatus.put(cancelled.orderId(), "CANCELLED");
        expectedStatus.put(outOfStock.orderId(), "REJECTED");
        expectedStatus.put(shippedGbp.orderId(), "SHIPPED");

        // PostgreSQL: the list, by status, and single orders with their payments
        JsonNode list = awaitJson("/api/orders?customerId=" + customer + "&size=500", page -> {
            if (page.get("total").asLong() != expectedStatus.size()) {
                return false;
            }
            for (JsonNode order : page.get("items")) {
                if (!expectedStatus
                        .get(order.get("orderId").asString())
                        .equals(order.get("status").asString())) {
                    return false;
                }
            }
            return true;
        });
        assertThat(list.get("items").size()).isEqualTo(7);
        assertThat(json("/api/orders?customerId=" + customer + "&status=REJECTED")
                        .get("total")
                        .asLong())
                .isEqualTo(2);
        assertThat(json("/api/orders?customerId=" + customer + "&status=SHIPPED,CONFIRMED")
                        .get("total")
                        .asLong())
                .isEqualTo(4);
        JsonNode partly = awaitJson(
                "/api/orders/" + partlyRefunded.orderId(),
                o -> "PARTIALLY_REFUNDED".equals(o.get("paymentStatus").asString()));
        assertThat(partly.get("totals").get("tax").get("amount").asLong()).isEqualTo(partlyRefunded.tax());
        JsonNode payment = json("/api/payments/" + fullyRefunded.paymentId());
        assertThat(payment.get("status").asString()).isEqualTo("REFUNDED");
        assertThat(payment.get("refunded").get("amount").asLong()).isEqualTo(fullyRefunded.total());
        awaitJson(
                "/api/inventory/" + kettle,
                item -> item.get("onHand").asLong() == 1 // one kettle shipped
                        && item.get("reserved").asLong() == 0);

        // Elasticsearch: search with facets
        String q = URLEncoder.encode("Analyst " + tag, StandardCharsets.UTF_8);
        JsonNode search = awaitJson("/api/search/orders?q=" + q, page -> {
            Map<String, Long> statuses = new HashMap<>();
            page.get("facets")
                    .get("status")
                    .properties()
                    .forEach(e -> statuses.put(e.getKey(), e.getValue().asLong()));
            return page.get("total").asLong() == 7
                    && statuses.equals(Map.of("CONFIRMED", 1L, "SHIPPED", 3L, "REJECTED", 2L, "CANCELLED", 1L));
        });
        assertThat(search.get("facets").get("currency").get("USD").asLong()).isEqualTo(4);
        assertThat(search.get("facets").get("currency").get("GBP").asLong()).isEqualTo(3);
        assertThat(json("/api/search/orders?q=" + tag + "%20kettle")
                        .get("total")
                        .asLong())
                .as("product words find orders")
                .isEqualTo(2);

        // Elasticsearch: revenue, sales by placement and refunds by refund time, all today
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        long usdGross = confirmed.total() + partlyRefunded.total() + fullyRefunded.total();
        long usdTax = confirmed.tax() + partlyRefunded.tax() + fullyRefunded.tax();
        long usdRefunded = 1000 + fullyRefunded.total();
        JsonNode usd = awaitJson(
                "/api/analytics/revenue?from=" + today + "&to=" + today + "&interval=day&currency=USD",
                report -> report.get("buckets")
                                        .get(0)
                                        .get("refunded")
                                        .get("amount")
                                        .asLong()
                                == usdRefunded
                        && report.get("buckets").get(0).get("orders").asLong() == 3);
        JsonNode usdDay = usd.get("buckets").get(0);
        assertThat(usd.get("buckets").size()).isEqualTo(1);
        assertThat(usdDay.get("gross").get("amount").asLong()).isEqualTo(usdGross);
        assertThat(usdDay.get("tax").get("amount").asLong()).isEqualTo(usdTax);
        assertThat(usdDay.get("net").get("amount").asLong()).isEqualTo(usdGross - usdRefunded);
        JsonNode gbpDay = json("/api/analytics/revenue?from=" + today + "&to=" + today + "&currency=GBP")
                .get("buckets")
                .get(0);
        assertThat(gbpDay.get("orders").asLong())
                .as("cancelled and out of stock are no sales")
                .isEqualTo(1);
        assertThat(gbpDay.get("gross").get("amount").asLong()).isEqualTo(shippedGbp.total());
        assertThat(gbpDay.get("refunded").get("amount").asLong()).isZero();

        // Elasticsearch: top products among sales (confirmed or shipped)
        Map<String, Long> units = new HashMap<>();
        Map<String, Long> gross = new HashMap<>();
        for (Placed sale : List.of(confirmed, partlyRefunded, fullyRefunded, shippedGbp)) {
            sale.units().forEach((sku, n) -> units.merge(sku, n, Long::sum));
            sale.gross().forEach((sku, g) -> gross.merge(sku, g, Long::sum));
        }
        JsonNode top = json("/api/analytics/top-products?from=" + today + "&to=" + today + "&limit=500");
        List<String> seen = new ArrayList<>();
        for (JsonNode product : top) {
            String sku = product.get("sku").asString();
            if (units.containsKey(sku)) {
                seen.add(sku);
                assertThat(product.get("units").asLong()).as(sku).isEqualTo(units.get(sku));
                assertThat(product.get("gross").get("amount").asLong()).as(sku).isEqualTo(gross.get(sku));
                assertThat(product.get("gross").get("currency").asString()).isEqualTo(currencies.get(sku));
                assertThat(product.get("name").asString()).isEqualTo(names.get(sku));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(lamp, bulb, tea, kettle);
        // bulb 4 units, lamp 3, tea 2, kettle 1: the order the endpoint ranks them in
        assertThat(seen).containsSubsequence(bulb, lamp, tea, kettle);
    }
}
