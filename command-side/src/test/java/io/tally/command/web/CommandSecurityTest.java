package io.tally.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.dev.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CommandSecurityTest extends CommandSideHttpTest {

    private record Call(String method, String path, String body) {}

    private List<Call> inventoryCalls(String sku) {
        return List.of(
                new Call("POST", "/api/inventory", """
                        {"sku":"%s","name":"Mug","unitPrice":{"amount":1,"currency":"EUR"},"taxRateBasisPoints":0}
                        """.formatted(sku)),
                new Call("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":1}"),
                new Call("POST", "/api/inventory/" + sku + "/adjustments", "{\"delta\":-1,\"reason\":\"count\"}"),
                new Call(
                        "PUT",
                        "/api/inventory/" + sku + "/price",
                        "{\"unitPrice\":{\"amount\":2,\"currency\":\"EUR\"}}"));
    }

    @Test
    void withoutATokenEveryInventoryCommandIs401AndStoresNothing() throws Exception {
        String sku = uniqueSku();
        for (Call call : inventoryCalls(sku)) {
            HttpResponse<String> response = send(call.method(), call.path(), null, "application/json", call.body());
            assertThat(response.statusCode()).as(call.toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain(sku);
        }
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ANALYST", "AUDITOR", "OPS"})
    void otherRolesGet403AndStoreNothing(String role) throws Exception {
        String sku = uniqueSku();
        for (Call call : inventoryCalls(sku)) {
            HttpResponse<String> response =
                    send(call.method(), call.path(), token(role), "application/json", call.body());
            assertThat(response.statusCode()).as(role + " " + call).isEqualTo(403);
            assertThat(response.body()).contains("\"code\":\"forbidden\"").doesNotContain(sku);
        }
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @Test
    void theAppRoleMayCallEveryInventoryCommand() throws Exception {
        String sku = uniqueSku();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (Call call : inventoryCalls(sku)) {
            statuses.add(send(call.method(), call.path(), token("APP"), "application/json", call.body())
                    .statusCode());
        }
        assertThat(statuses).containsExactly(201, 200, 200, 200);
        assertThat(eventsStoredFor(sku)).isEqualTo(4);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String expired = STORES.tokens()
                .mint(
                        "late",
                        List.of("APP"),
                        Instant.now().minus(Duration.ofHours(2)),
                        Instant.now().minus(Duration.ofHours(1)));
        String sku = uniqueSku();
        Call register = inventoryCalls(sku).get(0);
        assertThat(send("POST", register.path(), expired, "application/json", register.body())
                        .statusCode())
                .isEqualTo(401);
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() throws Exception {
        Tokens stranger = Tokens.loadOrCreate(Files.createTempDirectory("stranger-keys"));
        String forged = stranger.mint("mallory", List.of("APP"), Duration.ofMinutes(5));
        String sku = uniqueSku();
        Call register = inventoryCalls(sku).get(0);
        assertThat(send("POST", register.path(), forged, "application/json", register.body())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("POST", register.path(), "not.a.jwt", "application/json", register.body())
                        .statusCode())
                .isEqualTo(401);
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @Test
    void healthIsOpenWithoutDetailsAndPrometheusIsOpen() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health", null, null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"groups\":[\"audit\",\"liveness\",\"readiness\"],\"status\":\"UP\"}");
        assertThat(send("GET", "/actuator/prometheus", null, null, null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/actuator/env", null, null, null).statusCode()).isEqualTo(401);
    }

    /**
     * A browser opens the API's document and the Swagger UI without a token; the document names the
     * bearer scheme, the people's sign-in flow, Idempotency-Key and If-Match, and every problem answer.
     */
    @Test
    void theOpenApiDocumentAndTheSwaggerUiOpenWithoutATokenAndDescribeTheContract() throws Exception {
        HttpResponse<String> docs = send("GET", "/v3/api-docs", null, null, null);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = JsonMapper.builder().build().readTree(docs.body());
        assertThat(api.get("components")
                        .get("securitySchemes")
                        .get("bearer")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(api.get("security").toString()).contains("bearer");
        JsonNode receipts =
                api.get("paths").get("/api/inventory/{sku}/receipts").get("post");
        assertThat(receipts.get("parameters").toString())
                .contains("#/components/parameters/Idempotency-Key", "\"name\":\"If-Match\"", "412 version-mismatch");
        for (String status : new String[] {"400", "401", "403", "404", "409", "412", "422", "429", "503"}) {
            JsonNode response = receipts.get("responses").get(status);
            assertThat(response).as(status).isNotNull();
            if (response.has("$ref")) { // a shared refusal, described once under components/responses
                String ref = response.get("$ref").asString();
                response = api.get("components").get("responses").get(ref.substring(ref.lastIndexOf('/') + 1));
                assertThat(response).as(ref).isNotNull();
            }
            JsonNode problem = response.get("content").get("application/problem+json");
            assertThat(problem.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Problem");
            assertThat(problem.get("examples").toString()).contains("\"status\":" + status);
        }
        assertThat(api.get("components")
                        .get("parameters")
                        .get("Idempotency-Key")
                        .get("in")
                        .asString())
                .isEqualTo("header");
        HttpResponse<String> ui = send("GET", "/swagger-ui/index.html", null, null, null);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        HttpResponse<String> initializer = send("GET", "/swagger-ui/swagger-initializer.js", null, null, null);
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body())
                .as("the UI signs people in with the public client and PKCE")
                .contains("tally-console", "usePkceWithAuthorizationCodeGrant");
        assertThat(send("GET", "/api/admin/payments/reconciliation", null, null, null)
                        .statusCode())
                .as("the API itself still needs a token")
                .isEqualTo(401);
    }
}
