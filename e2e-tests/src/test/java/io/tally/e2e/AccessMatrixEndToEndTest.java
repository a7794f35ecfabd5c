package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tally.dev.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of both services, as API.md lists them, with no token, an expired token, a token
 * signed by another key and a token of each role: 401, 401, 401, then 403 for the roles API.md does
 * not name and a success for those it does. Refusals are problem+json that say nothing about the
 * resource asked for.
 */
class AccessMatrixEndToEndTest {

    private static final List<String> ROLES = List.of("APP", "ANALYST", "AUDITOR", "OPS");
    private static final Set<String> PROBLEM_FIELDS = Set.of("type", "title", "status", "detail", "instance", "code");
    private static RunningSystem system;
    private static String sku;
    private static String confirmed;
    private static String toCancel;
    private static String shipped;
    private static String capturedPayment;
    private static String customer;

    /** One endpoint: which service, the roles API.md gives it, and a fresh request for each allowed call. */
    private record Endpoint(
            boolean command, String method, String path, Set<String> roles, int success, Supplier<String> body) {}

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        sku = "ACL-" + tag;
        customer = "cus_acl_" + tag;
        system.stock(sku, 1000, 0, 100);
        confirmed = place();
        toCancel = place();
        shipped = place();
        for (String orderId : List.of(confirmed, toCancel, shipped)) {
            system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED");
        }
        HttpResponse<String> ship = system.command(
                "POST", "/api/orders/" + shipped + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"ACL1\"}");
        assertThat(ship.statusCode()).as(ship.body()).isEqualTo(200);
        capturedPayment = awaitCapture(shipped);
    }

    @Test
    void everyEndpointAnswersEachCredentialAsApiMdSays(@TempDir Path strangerKeys) throws Exception {
        Tokens ours = system.stores.tokens();
        Tokens stranger = Tokens.loadOrCreate(strangerKeys);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put(
                "expired token",
                ours.mint(
                        RunningSystem.ISSUER,
                        Tokens.AUDIENCE,
                        "acl-expired",
                        ROLES,
                        Instant.now().minusSeconds(7200),
                        Instant.now().minusSeconds(3600)));
        refused.put(
                "token of another key",
                stranger.mint(
                        RunningSystem.ISSUER,
                        Tokens.AUDIENCE,
                        "acl-stranger",
                        ROLES,
                        Instant.now(),
                        Instant.now().plus(Duration.ofHours(1))));
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, String> credential : refused.entrySet()) {
                check(endpoint, credential.getKey(), credential.getValue(), 401, mismatches);
            }
            for (String role : ROLES) {
                String token = system.token("acl-" + role.toLowerCase(), role);
                check(endpoint, role, token, endpoint.roles().contains(role) ? endpoint.success() : 403, mismatches);
            }
        }
        assertThat(mismatches).isEmpty();
        for (boolean command : new boolean[] {true, false}) {
            HttpResponse<String> health =
                    system.send("GET", command ? system.commandPort : system.queryPort, "/actuator/health", null, null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).doesNotContain("components");
        }
        system.awaitReplayFinished("inventory-es", view -> {});
    }

    @Test
    void requestsAreTimedWhileSpringSecuritysOwnObservationsStayOff() throws Exception {
        for (boolean command : new boolean[] {true, false}) {
            HttpResponse<String> metrics = system.send(
                    "GET", command ? system.commandPort : system.queryPort, "/actuator/prometheus", null, null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .as("each service has answered authenticated requests since it started")
                    .contains("http_server_requests_seconds_count")
                    .doesNotContain("spring_security_");
        }
    }

    private static void check(Endpoint endpoint, String credential, String token, int expected, List<String> mismatches)
            throws Exception {
        String body = expected >= 200 && expected < 300 ? endpoint.body().get() : placeholderBody(endpoint);
        String path = endpoint.path();
        HttpResponse<String> response = system.send(
                endpoint.method(), endpoint.command() ? system.commandPort : system.queryPort, path, token, body);
        String where = endpoint.method() + " " + path + " with " + credential;
        if (response.statusCode() != expected) {
            mismatches.add(where + ": " + response.statusCode() + " (expected " + expected + ") " + response.body());
            return;
        }
        if (expected == 401 || expected == 403) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(where)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = RunningSystem.JSON.readTree(response.body());
            Iterator<String> fields = problem.propertyNames().iterator();
            while (fields.hasNext()) {
                assertThat(PROBLEM_FIELDS).as(where + ": " + response.body()).contains(fields.next());
            }
            for (String secret : List.of(sku, confirmed, toCancel, shipped, capturedPayment, customer, "Ada")) {
                assertThat(response.body()).as(where).doesNotContain(secret);
            }
        }
    }

    /** A refused request still carries a plausible body, so only the credential decides. */
    private static String placeholderBody(Endpoint endpoint) {
        return endpoint.method().equals("GET") || endpoint.method().equals("DELETE") ? null : "{}";
    }

    private static List<Endpoint> endpoints() {
        Set<String> app = Set.of("APP");
        Set<String> analyst = Set.of("ANALYST");
        Set<String> follow = Set.of("APP", "ANALYST");
        Set<String> auditor = Set.of("AUDITOR");
        Set<String> ops = Set.of("OPS");
        Supplier<String> none = () -> null;
        List<Endpoint> endpoints = new ArrayList<>();
        // command side (API.md: role APP; erasure OPS)
        endpoints.add(new Endpoint(true, "POST", "/api/inventory", app, 201, () ->
                """
                {"sku":"ACL-%s","name":"Access item","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(UUID.randomUUID().toString().substring(0, 8))));
        endpoints.add(new Endpoint(
                true,
                "POST",
                "/api/inventory/" + sku + "/receipts",
                app,
                200,
                () -> "{\"quantity\":1,\"reference\":\"acl\"}"));
        endpoints.add(new Endpoint(
                true,
                "POST",
                "/api/inventory/" + sku + "/adjustments",
                app,
                200,
                () -> "{\"delta\":1,\"reason\":\"acl\"}"));
        endpoints.add(new Endpoint(
                true,
                "PUT",
                "/api/inventory/" + sku + "/price",
                app,
                200,
                () -> "{\"unitPrice\":{\"amount\":1000,\"currency\":\"EUR\"}}"));
        endpoints.add(new Endpoint(true, "POST", "/api/orders", app, 201, () -> orderJson("tok_visa")));
        endpoints.add(new Endpoint(
                true, "POST", "/api/orders/" + toCancel + "/cancel", app, 200, () -> "{\"reason\":\"access test\"}"));
        endpoints.add(new Endpoint(
                true,
                "POST",
                "/api/orders/" + confirmed + "/ship",
                app,
                200,
                () -> "{\"carrier\":\"DHL\",\"trackingNumber\":\"ACL2\"}"));
        endpoints.add(new Endpoint(
                true,
                "POST",
                "/api/payments/" + capturedPayment + "/refunds",
                app,
                200,
                () -> "{\"amount\":{\"amount\":1,\"currency\":\"EUR\"},\"reason\":\"acl\"}"));
        endpoints.add(new Endpoint(true, "DELETE", "/api/customers/" + customer + "/personal-data", ops, 204, none));
        // query side (API.md: ANALYST; APP too for single-aggregate reads; AUDITOR audit; OPS operations)
        endpoints.add(new Endpoint(false, "GET", "/api/orders?customerId=" + customer, analyst, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/orders/" + shipped, follow, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/orders/" + shipped + "/updates", follow, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/inventory/" + sku, follow, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/inventory?availableBelow=5", analyst, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/payments/" + capturedPayment, follow, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/search/orders?q=Ada", analyst, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/analytics/revenue?interval=day", analyst, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/analytics/top-products", analyst, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/audit/streams/order/" + shipped, auditor, 200, none));
        endpoints.add(new Endpoint(
                false, "GET", "/api/audit/streams/order/" + shipped + "/state?sequence=0", auditor, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/audit/events?limit=5", auditor, 200, none));
        endpoints.add(new Endpoint(
                false, "GET", "/api/audit/verify?aggregateType=order&aggregateId=" + shipped, auditor, 200, none));
        endpoints.add(new Endpoint(
                false, "GET", "/api/audit/export?from=" + Instant.now().minusSeconds(5), auditor, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/audit/reads?limit=5", auditor, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/admin/projections", ops, 200, none));
        endpoints.add(new Endpoint(false, "GET", "/api/admin/projections/orders-pg", ops, 200, none));
        endpoints.add(
                new Endpoint(false, "POST", "/api/admin/projections/orders-pg/dead-letters/retry", ops, 200, none));
        endpoints.add(new Endpoint(false, "POST", "/api/admin/projections/inventory-es/replay", ops, 202, none));
        return endpoints;
    }

    private static String orderJson(String paymentToken) {
        return """
                {"customerId":"%s","customerName":"Ada Access","customerEmail":"ada.access@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"%s"}""".formatted(customer, sku, paymentToken);
    }

    private static String place() throws Exception {
        HttpResponse<String> placed = system.command("POST", "/api/orders", orderJson("tok_visa"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        return RunningSystem.JSON.readTree(placed.body()).get("orderId").asString();
    }

    private static String awaitCapture(String orderId) {
        HttpResponse<String> order = await().alias("the payment of " + orderId + " is captured")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> system.query("/api/orders/" + orderId, "ANALYST"),
                        response -> response.statusCode() == 200
                                && "CAPTURED"
                                        .equals(RunningSystem.JSON
                                                .readTree(response.body())
                                                .get("paymentStatus")
                                                .asString("")));
        return RunningSystem.JSON.readTree(order.body()).get("paymentId").asString();
    }
}
