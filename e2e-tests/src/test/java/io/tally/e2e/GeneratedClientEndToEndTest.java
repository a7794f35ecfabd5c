package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.tally.client.command.ApiException;
import io.tally.client.command.api.InventoryApi;
import io.tally.client.command.api.OrdersApi;
import io.tally.client.command.api.PaymentsApi;
import io.tally.client.command.model.CancelRequest;
import io.tally.client.command.model.LineRequest;
import io.tally.client.command.model.MoneyBody;
import io.tally.client.command.model.OrderStateView;
import io.tally.client.command.model.PaymentView;
import io.tally.client.command.model.PlaceOrderRequest;
import io.tally.client.command.model.Problem;
import io.tally.client.command.model.ReceiptRequest;
import io.tally.client.command.model.RefundRequest;
import io.tally.client.command.model.RegisterItemRequest;
import io.tally.client.command.model.ShipRequest;
import io.tally.client.query.api.AnalyticsApi;
import io.tally.client.query.api.AuditApi;
import io.tally.client.query.api.SearchApi;
import io.tally.client.query.model.AuditEvent;
import io.tally.client.query.model.OrderSearchPage;
import io.tally.client.query.model.OrderView;
import io.tally.client.query.model.RevenueReport;
import io.tally.client.query.model.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An app team's integration, written only against the Java clients generated from the checked-in
 * OpenAPI documents (module api-client, issue 35): no hand-written HTTP, no JSON by hand. The suite
 * mints the bearer tokens, as the team's identity provider would.
 */
class GeneratedClientEndToEndTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private static io.tally.client.command.ApiClient commandClient(String role) {
        io.tally.client.command.ApiClient client = new io.tally.client.command.ApiClient();
        client.updateBaseUri("http://localhost:" + system.commandPort);
        String token = system.token(role);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static io.tally.client.query.ApiClient queryClient(String role) {
        io.tally.client.query.ApiClient client = new io.tally.client.query.ApiClient();
        client.updateBaseUri("http://localhost:" + system.queryPort);
        String token = system.token(role);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static String etag(java.util.Map<String, List<String>> headers) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase("ETag"))
                .map(entry -> entry.getValue().get(0))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void placesPaysShipsAndRefundsAnOrderThenSearchesAnalysesAndAuditsItThroughTheGeneratedClientsOnly()
            throws Exception {
        InventoryApi inventory = new InventoryApi(commandClient("APP"));
        OrdersApi orders = new OrdersApi(commandClient("APP"));
        PaymentsApi payments = new PaymentsApi(commandClient("APP"));
        String sku = "GEN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String run = UUID.randomUUID().toString();

        var registered = inventory.registerInventoryItemWithHttpInfo(
                new RegisterItemRequest()
                        .sku(sku)
                        .name("Generated client mug")
                        .unitPrice(new MoneyBody().amount(1500L).currency("EUR"))
                        .taxRateBasisPoints(1900),
                "register-" + run);
        assertThat(registered.getStatusCode()).isEqualTo(201);
        String stocked = etag(registered.getHeaders());
        inventory.receiveStock(
                sku, new ReceiptRequest().quantity(5L).reference("PO-" + run), stocked, "receive-" + run);

        PlaceOrderRequest placement = new PlaceOrderRequest()
                .customerId("cus_generated")
                .customerName("Grace " + run.substring(0, 8))
                .customerEmail("grace@example.com")
                .currency("EUR")
                .lines(List.of(new LineRequest().sku(sku).quantity(2L)))
                .paymentToken("tok_visa");
        var placed = orders.placeOrderWithHttpInfo(placement, "place-" + run);
        assertThat(placed.getStatusCode()).isEqualTo(201);
        OrderStateView order = placed.getData();
        assertThat(order.getStatus()).isEqualTo(OrderStateView.StatusEnum.PLACED);
        // 2 x 15.00 + 19 % tax
        assertThat(order.getTotals().getTotal().getAmount()).isEqualTo(3570L);
        // the same key and body again: the first answer, nothing applied twice
        OrderStateView again = orders.placeOrder(placement, "place-" + run);
        assertThat(again.getOrderId()).isEqualTo(order.getOrderId());

        String orderId = order.getOrderId();
        io.tally.client.query.api.OrdersApi reads = new io.tally.client.query.api.OrdersApi(queryClient("APP"));
        OrderView confirmed = await().atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> reads.getOrder(orderId, null), view -> view.getStatus() == OrderView.StatusEnum.CONFIRMED);

        // a stale If-Match is refused with a typed problem; the current version ships
        ApiException stale = catchThrowableOfType(
                ApiException.class,
                () -> orders.shipOrder(
                        orderId,
                        new ShipRequest().carrier("DHL").trackingNumber("JD0001"),
                        "\"" + (confirmed.getVersion() - 1) + "\"",
                        "ship-stale-" + run));
        assertThat(stale.getCode()).isEqualTo(412);
        Problem refusal = problem(stale);
        assertThat(refusal.getCode()).isEqualTo("version-mismatch");
        assertThat(refusal.getStatus()).isEqualTo(412);
        var shipped = orders.shipOrderWithHttpInfo(
                orderId,
                new ShipRequest().carrier("DHL").trackingNumber("JD0001"),
                "\"" + confirmed.getVersion() + "\"",
                "ship-" + run);
        assertThat(shipped.getData().getStatus()).isEqualTo(OrderStateView.StatusEnum.SHIPPED);
        assertThat(etag(shipped.getHeaders()))
                .isEqualTo("\"" + shipped.getData().getVersion() + "\"");

        // the saga captures the payment after shipping; until then a refund is refused as not captured
        PaymentView refunded = await().atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            try {
                                return payments.refundPayment(
                                        order.getPaymentId(),
                                        new RefundRequest()
                                                .amount(new MoneyBody()
                                                        .amount(570L)
                                                        .currency("EUR"))
                                                .reason("chipped"),
                                        null,
                                        "refund-" + run);
                            } catch (ApiException notYet) {
                                assertThat(problem(notYet).getCode()).isEqualTo("payment-not-captured");
                                return null;
                            }
                        },
                        java.util.Objects::nonNull);
        assertThat(refunded.getStatus()).isEqualTo(PaymentView.StatusEnum.PARTIALLY_REFUNDED);
        assertThat(refunded.getRefunded().getAmount()).isEqualTo(570L);
        ApiException tooMuch = catchThrowableOfType(
                ApiException.class,
                () -> payments.refundPayment(
                        order.getPaymentId(),
                        new RefundRequest()
                                .amount(new MoneyBody().amount(999_999L).currency("EUR"))
                                .reason("greedy"),
                        null,
                        "refund-greedy-" + run));
        assertThat(tooMuch.getCode()).isEqualTo(422);
        assertThat(problem(tooMuch).getCode()).isEqualTo("refund-exceeds-captured");
        // a refusal of bad input names the field
        ApiException invalid = catchThrowableOfType(
                ApiException.class, () -> orders.cancelOrder(orderId, new CancelRequest().reason(""), null, null));
        assertThat(invalid.getCode()).isEqualTo(400);
        assertThat(problem(invalid).getErrors())
                .anySatisfy(error -> assertThat(error.getField()).isEqualTo("reason"));

        // analysts find it, and its revenue
        SearchApi search = new SearchApi(queryClient("ANALYST"));
        OrderSearchPage hits = await().atMost(SETTLE)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> search.searchOrders(run.substring(0, 8), null, null, null, null, 100, null),
                        page -> page.getItems().stream()
                                .anyMatch(hit -> hit.getOrderId().equals(orderId)));
        assertThat(hits.getTotal()).isPositive();
        AnalyticsApi analytics = new AnalyticsApi(queryClient("ANALYST"));
        String from = Instant.now()
                .minus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String to = Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        RevenueReport revenue = analytics.getRevenue(from, to, "day", "EUR");
        assertThat(revenue.getBuckets()).isNotEmpty();
        assertThat(revenue.getBuckets())
                .allSatisfy(
                        bucket -> assertThat(bucket.getGross().getCurrency()).isEqualTo("EUR"));
        assertThat(analytics.getTopProducts(from, to, 5)).hasSizeBetween(1, 5);

        // auditors read its trail and the chain verifies
        AuditApi audit = new AuditApi(queryClient("AUDITOR"));
        List<AuditEvent> trail = audit.getAuditStream("order", orderId);
        assertThat(trail)
                .extracting(AuditEvent::getType)
                .contains("OrderPlacedEvent", "OrderConfirmedEvent", "OrderShippedEvent");
        Verification verified = audit.verifyChain("order", orderId, null);
        assertThat(verified.getVerified()).isTrue();
    }

    /** The refusal's problem details, read with the generated client's own model and mapper. */
    private static Problem problem(ApiException refusal) throws Exception {
        return new io.tally.client.command.ApiClient()
                .getObjectMapper()
                .readValue(refusal.getResponseBody(), Problem.class);
    }
}
