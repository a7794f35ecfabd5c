package io.tally.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderTotals;
import io.tally.query.QuerySideTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/orders} and the parameters of every list: filters, pages, sorting, and 400s. */
class OrderListHttpTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private OrderProjector orders;

    private List<String> placeOrders(String customerId, int count, Instant start) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String orderId = uniqueId("ord");
            ids.add(orderId);
            Money total = Money.of(1000L * (i + 1), "EUR");
            OrderLine line = new OrderLine(
                    "SKU-1",
                    "Thing",
                    i + 1,
                    Money.of(1000, "EUR"),
                    0,
                    total,
                    Money.of(0, "EUR"),
                    Money.of(0, "EUR"),
                    total);
            replay(
                    List.of(event(
                            "Order",
                            orderId,
                            0,
                            new OrderPlacedEvent(
                                    orderId,
                                    customerId,
                                    "List Customer",
                                    "list@example.com",
                                    "EUR",
                                    List.of(line),
                                    null,
                                    new OrderTotals(total, Money.of(0, "EUR"), Money.of(0, "EUR"), total),
                                    uniqueId("pay")),
                            start.plusSeconds(3600L * i))),
                    orders);
            if (i % 2 == 0) {
                replay(
                        List.of(event(
                                "Order",
                                orderId,
                                1,
                                new OrderConfirmedEvent(orderId, "pay"),
                                start.plusSeconds(3600L * i + 1))),
                        orders);
            }
        }
        return ids;
    }

    private JsonNode page(String query) throws Exception {
        HttpResponse<String> response = get("/api/orders?" + query, "ANALYST");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("orderId").asString()));
        return ids;
    }

    @Test
    void listsFilterPageAndSortFromPostgres() throws Exception {
        String customer = uniqueId("cus");
        List<String> ids = placeOrders(customer, 5, Instant.parse("2028-05-01T10:00:00Z"));

        JsonNode all = page("customerId=" + customer);
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(ids(all))
                .as("newest first by default")
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

        JsonNode confirmed = page("customerId=" + customer + "&status=CONFIRMED&sort=total,asc");
        assertThat(ids(confirmed)).containsExactly(ids.get(0), ids.get(2), ids.get(4));
        assertThat(confirmed
                        .get("items")
                        .get(0)
                        .get("totals")
                        .get("total")
                        .get("amount")
                        .asLong())
                .isEqualTo(1000);

        JsonNode second = page("customerId=" + customer + "&sort=placedAt,asc&page=1&size=2");
        assertThat(second.get("total").asLong()).isEqualTo(5);
        assertThat(ids(second)).containsExactly(ids.get(2), ids.get(3));

        JsonNode window =
                page("customerId=" + customer + "&placedFrom=2028-05-01T11:00:00Z&placedTo=2028-05-01T13:00:00Z");
        assertThat(ids(window)).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(page("customerId=" + customer + "&placedFrom=2028-05-01&placedTo=2028-05-01")
                        .get("total")
                        .asLong())
                .as("a date as upper bound includes that day")
                .isEqualTo(5);
        assertThat(page("customerId=" + customer + "&status=placed,confirmed")
                        .get("total")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void badListParametersAre400ProblemsNamingTheParameter() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"/api/orders?placedFrom=yesterday", "placedFrom"},
                new String[] {"/api/orders?placedTo=2026-13-01", "placedTo"},
                new String[] {"/api/orders?placedFrom=2026-11-02&placedTo=2026-11-01", "placedTo"},
                new String[] {"/api/orders?status=SHIPPING", "status"},
                new String[] {"/api/orders?size=501", "size"},
                new String[] {"/api/orders?size=0", "size"},
                new String[] {"/api/orders?page=-1", "page"},
                new String[] {"/api/orders?sort=price", "sort"},
                new String[] {"/api/orders?sort=total,sideways", "sort"},
                new String[] {"/api/search/orders?status=LOST", "status"},
                new String[] {"/api/search/orders?size=501", "size"},
                new String[] {"/api/search/orders?sort=relevance", "sort"},
                new String[] {"/api/search/orders?page=100&size=100", "page"},
                new String[] {"/api/search/orders?placedTo=noon", "placedTo"},
                new String[] {"/api/analytics/revenue?interval=hour", "interval"},
                new String[] {"/api/analytics/revenue?from=2026-11-22&to=2026-11-01", "to"},
                new String[] {"/api/analytics/revenue?currency=EURO", "currency"},
                new String[] {"/api/analytics/revenue?from=1900-01-01&to=2026-01-01&interval=day", "interval"},
                new String[] {"/api/analytics/top-products?limit=0", "limit"},
                new String[] {"/api/analytics/top-products?from=soon", "from"},
                new String[] {"/api/inventory?size=501", "size"},
                new String[] {"/api/orders?page=abc", "page"},
                new String[] {"/api/analytics/top-products?limit=ten", "limit"});
        for (String[] c : cases) {
            HttpResponse<String> response = get(c[0], "ANALYST");
            assertThat(response.statusCode())
                    .as(c[0] + " -> " + response.body())
                    .isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("errors").get(0).get("field").asString())
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
    }

    @Test
    void listsAndAnalyticsAreForAnalystsOnly() throws Exception {
        for (String path :
                List.of("/api/orders", "/api/search/orders", "/api/analytics/revenue", "/api/analytics/top-products")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "APP").statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, "ANALYST").statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/api/admin/projections", "ANALYST").statusCode()).isEqualTo(403);
        assertThat(get("/api/admin/projections", "OPS").statusCode()).isEqualTo(200);
    }
}
