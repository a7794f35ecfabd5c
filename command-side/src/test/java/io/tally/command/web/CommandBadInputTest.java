package io.tally.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class CommandBadInputTest extends CommandSideHttpTest {

    private String registered() throws Exception {
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);
        return sku;
    }

    private void assertProblem(HttpResponse<String> response, int status, String... fragments) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status, "\"type\":", "\"title\":");
        assertThat(response.body()).contains(fragments).doesNotContain("Exception", "\tat ", "io.tally");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        String sku = uniqueSku();
        assertProblem(
                post("/api/inventory", token("APP"), "{\"sku\":\"" + sku + "\",\"name\":"),
                400,
                "\"code\":\"invalid-request\"");
        assertThat(eventsStoredFor(sku)).isZero();
    }

    /** A parser that keeps the first of two equal keys would read another order than Tally: refused. */
    @Test
    void aFieldGivenTwiceIs400AndNothingIsStored() throws Exception {
        String sku = uniqueSku();
        assertProblem(
                post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Mug","unitPrice":{"amount":1999,"amount":1,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)),
                400,
                "\"code\":\"invalid-request\"",
                "a field is given twice");
        assertProblem(post("/api/inventory", token("APP"), """
                {"sku":"%s","sku":"OTHER-1","name":"Mug","unitPrice":{"amount":1999,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)), 400, "a field is given twice");
        assertThat(eventsStoredFor(sku)).isZero();
        assertThat(eventsStoredFor("OTHER-1")).isZero();
        String registered = registered();
        assertProblem(
                post("/api/inventory/" + registered + "/receipts", token("APP"), "{\"quantity\":1,\"quantity\":1000}"),
                400,
                "a field is given twice");
        assertThat(eventsStoredFor(registered)).isEqualTo(1);
    }

    @Test
    void aStringWhereANumberGoesIs400WithTheFieldPath() throws Exception {
        String sku = registered();
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":\"10\"}"),
                400,
                "\"field\":\"quantity\"");
        String other = uniqueSku();
        assertProblem(
                post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Mug","unitPrice":{"amount":"1999","currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(other)), 400, "\"field\":\"unitPrice.amount\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
        assertThat(eventsStoredFor(other)).isZero();
    }

    @Test
    void aFractionOrAHugeAmountIs400NeverRounded() throws Exception {
        String sku = uniqueSku();
        assertProblem(post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Mug","unitPrice":{"amount":19.99,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)), 400, "\"field\":\"unitPrice.amount\"");
        assertProblem(post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Mug","unitPrice":{"amount":1000000000000001,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)), 400, "\"field\":\"unitPrice.amount\"");
        assertProblem(post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Mug","unitPrice":{"amount":99999999999999999999,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)), 400, "\"field\":\"unitPrice.amount\"");
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @Test
    void aNegativeQuantityIs400() throws Exception {
        String sku = registered();
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":-5}"),
                400,
                "\"field\":\"quantity\"");
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":0}"),
                400,
                "\"field\":\"quantity\"");
        assertProblem(
                post("/api/inventory/" + sku + "/adjustments", token("APP"), "{\"delta\":0,\"reason\":\"x\"}"),
                400,
                "\"field\":\"delta\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    @Test
    void invalidRegistrationsNameEveryBadField() throws Exception {
        HttpResponse<String> response = post("/api/inventory", token("APP"), """
                {"sku":"has space","name":"","unitPrice":{"amount":-1,"currency":"EURO"},"taxRateBasisPoints":10001}
                """);
        assertProblem(
                response,
                400,
                "\"field\":\"sku\"",
                "\"field\":\"name\"",
                "\"field\":\"unitPrice.amount\"",
                "\"field\":\"unitPrice.currency\"",
                "\"field\":\"taxRateBasisPoints\"");
        assertThat(eventsStoredFor("has space")).isZero();
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        String sku = registered();
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1,\"price\":5}"),
                400,
                "\"field\":\"price\"",
                "unknown field");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    @Test
    void aBodyDeclaredALittleOverTheLimitIs413() throws Exception {
        String sku = registered();
        String over = "{\"quantity\":1,\"reference\":\"" + "x".repeat(1536 * 1024) + "\"}";
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), over), 413, "\"code\":\"payload-too-large\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    /** Declared far over the limit: 413 and the connection closed, the rest never read (issue 34, point 8). */
    @Test
    void anElevenMegabyteBodyIsCutOff() throws Exception {
        String sku = registered();
        String huge = "{\"quantity\":1,\"reference\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        try {
            assertProblem(
                    post("/api/inventory/" + sku + "/receipts", token("APP"), huge),
                    413,
                    "\"code\":\"payload-too-large\"");
        } catch (java.io.IOException closed) {
            assertThat(closed).hasMessageNotContaining("timed out");
        }
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    /**
     * Far over the limit, the rest of a chunked body is not read (issue 34, point 8): the answer is
     * a 413 or, when the client is still sending as the connection closes, a reset; never a thread
     * kept reading it, never an event.
     */
    @Test
    void anElevenMegabyteChunkedBodyIsCutOff() throws Exception {
        String sku = registered();
        byte[] huge = ("{\"quantity\":1,\"reference\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(receipt(sku, huge), HttpResponse.BodyHandlers.ofString());
            assertProblem(response, 413, "\"code\":\"payload-too-large\"");
        } catch (java.io.IOException closed) {
            assertThat(closed).hasMessageNotContaining("timed out");
        }
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    private HttpRequest receipt(String sku, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/inventory/" + sku + "/receipts"))
                .header("Authorization", "Bearer " + token("APP"))
                .header("Content-Type", "application/json")
                .POST(unknownLength(body))
                .build();
    }

    @Test
    void jsonNestedDeeperThanThirtyTwoIs400AndTwentyIsAnOrdinaryValidationError() throws Exception {
        String sku = registered();
        String deep = "{\"quantity\":1,\"reference\":" + "[".repeat(33) + "]".repeat(33) + "}";
        assertProblem(post("/api/inventory/" + sku + "/receipts", token("APP"), deep), 400, "deeper than 32");
        String shallow = "{\"quantity\":1,\"reference\":" + "[".repeat(20) + "]".repeat(20) + "}";
        assertProblem(post("/api/inventory/" + sku + "/receipts", token("APP"), shallow), 400, "reference");
        String nestedInAString = "{\"quantity\":1,\"reference\":\"" + "[{".repeat(40) + "\"}";
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), nestedInAString)
                        .statusCode())
                .as("brackets inside a string are text")
                .isEqualTo(200);
    }

    @Test
    void namesAreStoredInNfcAndControlCharactersAreRefused() throws Exception {
        String sku = uniqueSku();
        HttpResponse<String> decomposed = post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Cafe\\u0301 cre\\u0300me","unitPrice":{"amount":100,"currency":"EUR"},
                 "taxRateBasisPoints":0}""".formatted(sku));
        assertThat(decomposed.statusCode()).as(decomposed.body()).isEqualTo(201);
        assertThat(decomposed.body()).contains("\"name\":\"Caf\u00e9 cr\u00e8me\"");
        String other = uniqueSku();
        assertProblem(
                post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Bell\\u0007","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(other)),
                400,
                "\"field\":\"name\"",
                "control characters");
        assertThat(eventsStoredFor(other)).isZero();
        // issue 34, point 10: a bidi override that shows "gpj.exe" as "exe.jpg", an isolate, a lone surrogate
        for (String name : new String[] {"Invoice \\u202Egpj.exe", "Isolate \\u2067x\\u2069", "Half \\ud800 a pair"}) {
            String refused = uniqueSku();
            assertProblem(
                    post(
                            "/api/inventory",
                            token("APP"),
                            ("{\"sku\":\"%s\",\"name\":\"%s\",\"unitPrice\":"
                                            + "{\"amount\":100,\"currency\":\"EUR\"},\"taxRateBasisPoints\":0}")
                                    .formatted(refused, name)),
                    400,
                    "\"field\":\"name\"",
                    "bidirectional controls");
            assertThat(eventsStoredFor(refused)).isZero();
        }
        String emoji = uniqueSku();
        assertThat(post(
                                "/api/inventory",
                                token("APP"),
                                ("{\"sku\":\"%s\",\"name\":\"Mug \\ud83d\\ude00\","
                                                + "\"unitPrice\":{\"amount\":100,\"currency\":\"EUR\"},\"taxRateBasisPoints\":0}")
                                        .formatted(emoji))
                        .statusCode())
                .as("a surrogate pair is one character")
                .isEqualTo(201);
    }

    @Test
    void anUnknownSkuIs404() throws Exception {
        String sku = uniqueSku();
        assertProblem(
                send(
                        "PUT",
                        "/api/inventory/" + sku + "/price",
                        token("APP"),
                        "application/json",
                        "{\"unitPrice\":{\"amount\":1,\"currency\":\"EUR\"}}"),
                404,
                "\"code\":\"not-found\"");
        assertThat(eventsStoredFor(sku)).isZero();
    }

    @Test
    void aWrongContentTypeIs415AndAWrongMethodIs405() throws Exception {
        String sku = uniqueSku();
        assertProblem(
                send("POST", "/api/inventory", token("APP"), "text/plain", "sku=" + sku),
                415,
                "\"code\":\"unsupported-media-type\"");
        assertProblem(
                send("DELETE", "/api/inventory", token("APP"), null, null), 405, "\"code\":\"method-not-allowed\"");
        assertProblem(send("GET", "/api/nowhere", token("APP"), null, null), 404, "\"code\":\"not-found\"");
        assertThat(eventsStoredFor(sku)).isZero();
    }

    /** A path the query side serves is not "not found" here: 405, no method allowed, and where to go. */
    @Test
    void aReadPathOfTheQuerySideIs405WithWhereToAsk() throws Exception {
        for (String method : new String[] {"DELETE", "GET", "PUT"}) {
            HttpResponse<String> response = send(method, "/api/orders/ord_x", token("APP"), null, null);
            assertProblem(response, 405, "\"code\":\"method-not-allowed\"", "query side");
            assertThat(response.headers().firstValue("Allow")).hasValue("");
        }
        assertProblem(send("DELETE", "/api/inventory/SKU-1", token("APP"), null, null), 405, "query side");
        HttpResponse<String> ship = send("DELETE", "/api/orders/ord_x/ship", token("APP"), null, null);
        assertProblem(ship, 405, "\"code\":\"method-not-allowed\"");
        assertThat(ship.headers().firstValue("Allow")).hasValue("POST");
    }

    /** 10^15 minor units times 10,000 is beyond a long; twice it is beyond the largest amount: both 422. */
    @Test
    void aPriceTimesAQuantityThatOverflowsIs422AndNoOrderIsPlaced() throws Exception {
        String sku = uniqueSku();
        assertThat(post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Yacht","unitPrice":{"amount":1000000000000000,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku)).statusCode())
                .isEqualTo(201);
        long placedBefore = ordersPlaced();
        for (int quantity : new int[] {10_000, 2}) {
            assertProblem(
                    post("/api/orders", token("APP"), """
                    {"customerId":"cus_1","customerName":"Ada","customerEmail":"ada@example.com","currency":"EUR",
                     "lines":[{"sku":"%s","quantity":%d}],"paymentToken":"tok_visa"}
                    """.formatted(sku, quantity)),
                    422,
                    "\"code\":\"amount-out-of-range\"");
        }
        assertThat(ordersPlaced()).isEqualTo(placedBefore);
    }

    private long ordersPlaced() {
        return jdbc.sql("SELECT count(*) FROM tally_events.domain_event_entry"
                        + " WHERE payload_type = 'io.tally.api.order.OrderPlacedEvent'")
                .query(Long.class)
                .single();
    }

    @Test
    void aMalformedIfMatchIs400() throws Exception {
        String sku = registered();
        assertProblem(
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}", "If-Match", "\"abc\""),
                400,
                "\"field\":\"If-Match\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    /** A body publisher that does not announce its length, so the client sends it chunked. */
    private static HttpRequest.BodyPublisher unknownLength(byte[] body) {
        HttpRequest.BodyPublisher known = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                known.subscribe(subscriber);
            }
        };
    }
}
