package io.tally.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator over real HTTP: the processor's rules, idempotency as Stripe documents it, the faults, the ledger. */
class GatewaySimulatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "sk_test_unit";

    @TempDir
    Path dir;

    private GatewaySimulator simulator;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        simulator = GatewaySimulator.start(0, KEY, dir.resolve("journal.ndjson"));
    }

    @AfterEach
    void stop() {
        simulator.stop();
    }

    @Test
    void anAuthorisationRetriedWithItsKeyIsMadeOnce() throws Exception {
        HttpResponse<String> first = post("/v1/payment_intents", "k1", intent("tok_visa", 1000));
        HttpResponse<String> again = post("/v1/payment_intents", "k1", intent("tok_visa", 1000));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(again.body()).get("id"))
                .isEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(post("/v1/payment_intents", "k1", intent("tok_visa", 2000)).statusCode())
                .isEqualTo(400);
        assertThat(movements()).hasSize(1);
    }

    @Test
    void testTokensDeclineOrFail() throws Exception {
        HttpResponse<String> declined = post("/v1/payment_intents", "d1", intent("tok_declined", 1000));
        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(declined.body()).at("/error/decline_code").asString())
                .isEqualTo("generic_decline");
        assertThat(JSON.readTree(post("/v1/payment_intents", "d2", intent("tok_nope", 1000))
                                .body())
                        .at("/error/decline_code")
                        .asString())
                .isEqualTo("invalid_token");
        assertThat(post("/v1/payment_intents", "e1", intent("tok_error_once", 1000))
                        .statusCode())
                .isEqualTo(500);
        assertThat(post("/v1/payment_intents", "e1", intent("tok_error_once", 1000))
                        .statusCode())
                .isEqualTo(200);
        assertThat(movements()).hasSize(1);
        assertThat(post("/v1/payment_intents", "x", intent("tok_visa", 1000), "sk_test_other")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aDroppedConnectionAfterTheChargeIsAnsweredByTheRetry() throws Exception {
        assertThatThrownBy(() -> post("/v1/payment_intents", "drop", intent("tok_drop_after_charge", 1000)))
                .isInstanceOf(IOException.class);
        HttpResponse<String> retry = post("/v1/payment_intents", "drop", intent("tok_drop_after_charge", 1000));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(movements()).hasSize(1);
    }

    @Test
    void captureAndRefundsNeverExceedWhatWasTaken() throws Exception {
        String id = JSON.readTree(post("/v1/payment_intents", "a", intent("tok_visa", 1000))
                        .body())
                .get("id")
                .asString();
        assertThat(post("/v1/refunds", "r0", "{\"payment_intent\":\"" + id + "\",\"amount\":100}")
                        .statusCode())
                .as("nothing captured yet")
                .isEqualTo(400);
        assertThat(post("/v1/payment_intents/" + id + "/capture", "c", "{\"amount_to_capture\":1000}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/payment_intents/" + id + "/capture", "c2", "{\"amount_to_capture\":1000}")
                        .statusCode())
                .as("a second capture under another key")
                .isEqualTo(400);
        assertThat(post("/v1/refunds", "r1", "{\"payment_intent\":\"" + id + "\",\"amount\":600}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/refunds", "r2", "{\"payment_intent\":\"" + id + "\",\"amount\":600}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/v1/payment_intents/" + id + "/cancel", "v", "{}").statusCode())
                .isEqualTo(400);
        assertThat(movements())
                .extracting(m -> m.get("type").asString())
                .containsExactly("authorization", "capture", "refund");
    }

    @Test
    void armedFaultsHitTheNextRequestsOfAnOperation() throws Exception {
        String id = JSON.readTree(post("/v1/payment_intents", "a", intent("tok_visa", 1000))
                        .body())
                .get("id")
                .asString();
        HttpResponse<String> unkeyed = http.send(
                HttpRequest.newBuilder(uri("/_sim/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"operation\":\"capture\",\"mode\":\"error\",\"count\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unkeyed.statusCode()).as("the /_sim API needs the key too").isEqualTo(401);
        HttpResponse<String> unbounded = http.send(
                HttpRequest.newBuilder(uri("/_sim/faults"))
                        .header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"operation\":\"capture\",\"mode\":\"error\"," + "\"count\":2000000000}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unbounded.statusCode()).as("a count past 1,000").isEqualTo(400);
        HttpResponse<String> armed = http.send(
                HttpRequest.newBuilder(uri("/_sim/faults"))
                        .header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"operation\":\"capture\",\"mode\":\"error\",\"count\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(post("/v1/payment_intents/" + id + "/capture", "c", "{}").statusCode())
                .isEqualTo(500);
        assertThat(post("/v1/payment_intents/" + id + "/capture", "c", "{}").statusCode())
                .isEqualTo(500);
        assertThat(post("/v1/payment_intents/" + id + "/capture", "c", "{}").statusCode())
                .isEqualTo(200);
        assertThat(movements()).hasSize(2);
    }

    @Test
    void theJournalKeepsLedgerAndKeysAcrossARestart() throws Exception {
        HttpResponse<String> first = post("/v1/payment_intents", "k", intent("tok_visa", 1000));
        simulator.stop();
        simulator = GatewaySimulator.start(0, KEY, dir.resolve("journal.ndjson"));
        HttpResponse<String> again = post("/v1/payment_intents", "k", intent("tok_visa", 1000));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(again.body()).get("id"))
                .isEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(movements()).hasSize(1);
    }

    private static String intent(String token, long amount) {
        return "{\"amount\":" + amount + ",\"currency\":\"eur\",\"payment_method\":\"" + token
                + "\",\"capture_method\":\"manual\",\"metadata\":{\"payment_id\":\"pay_1\"}}";
    }

    private java.util.List<JsonNode> movements() throws Exception {
        HttpResponse<String> ledger = http.send(
                HttpRequest.newBuilder(uri("/v1/ledger"))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        JSON.readTree(ledger.body()).get("movements").forEach(all::add);
        return all;
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        return post(path, key, body, KEY);
    }

    private HttpResponse<String> post(String path, String key, String body, String apiKey) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Idempotency-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + simulator.port() + path);
    }
}
