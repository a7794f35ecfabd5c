package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens and card tokens never show up where they must not: not in the services' logs of
 * the whole run (this class runs last), not in stored events, not in error bodies, whether the
 * request worked, was refused or its token was.
 */
@Order(Integer.MAX_VALUE)
class SecretsEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void tokensAndCardTokensStayOutOfLogsEventsAndErrors() throws Exception {
        String card = "tok_secret_"
                + HexFormat.of().formatHex(new byte[] {
                    (byte) new Random().nextInt(),
                    (byte) new Random().nextInt(),
                    (byte) new Random().nextInt(),
                    (byte) new Random().nextInt()
                });
        String sku = "SECRET-" + card.substring(11);
        system.stock(sku, 500, 0, 10);
        List<String> errorBodies = new ArrayList<>();

        HttpResponse<String> placed = system.command("POST", "/api/orders", order(card, sku, "1"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId =
                RunningSystem.JSON.readTree(placed.body()).get("orderId").asString();
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED", "REJECTED"))
                .as("an unknown card token is declined")
                .isEqualTo("REJECTED");
        for (String bad : List.of(
                order(card, sku, "0"),
                order(card, sku, "1").replace("\"currency\"", "\"cvv\":\"" + card + "\",\"currency\""),
                order(card, "no such sku!", "1"),
                order(card, sku, "1").substring(0, 40))) {
            HttpResponse<String> refused = system.command("POST", "/api/orders", bad);
            assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
            errorBodies.add(refused.body());
        }
        String forged = system.token("APP").substring(0, 40) + "forged.signature";
        for (String token : List.of(forged, "not-a-jwt " + card)) {
            HttpResponse<String> refused =
                    system.send("POST", system.commandPort, "/api/orders", token, order(card, sku, "1"));
            assertThat(refused.statusCode()).isEqualTo(401);
            errorBodies.add(refused.body());
            HttpResponse<String> query = system.send("GET", system.queryPort, "/api/orders/" + orderId, token, null);
            assertThat(query.statusCode()).isEqualTo(401);
            errorBodies.add(query.body());
        }
        Thread.sleep(1000);

        List<String> secrets = new ArrayList<>(system.tokensUsed);
        secrets.add(card);
        secrets.add(forged);
        assertThat(secrets).hasSizeGreaterThan(3);
        for (String body : errorBodies) {
            for (String secret : secrets) {
                assertThat(body).doesNotContain(secret);
            }
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(Path.of("target", "e2e-logs"))) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as(log + " contains a secret").isFalse();
            }
            // the process-wide serial filter refuses only what nothing legitimate reads (the Elasticsearch
            // client's auth cache was refused on every request thread, a stack trace each, before)
            assertThat(text)
                    .as(log + ": something legitimate hit the serial filter")
                    .doesNotContain("filter status: REJECTED");
        }
        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM tally_events.domain_event_entry"
                        + " WHERE payload LIKE ? OR meta_data LIKE ?")) {
            for (String secret : List.of(card, system.token("APP"))) {
                query.setString(1, "%" + secret + "%");
                query.setString(2, "%" + secret + "%");
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    assertThat(row.getLong(1)).as("events holding a secret").isZero();
                }
            }
        }
    }

    private static String order(String card, String sku, String quantity) {
        return """
                {"customerId":"cus_secret","customerName":"Sec Ret","customerEmail":"secret@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":%s}],"paymentToken":"%s"}""".formatted(sku, quantity, card);
    }
}
