package io.tally.bench.peer;

import io.tally.api.common.Money;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentCaptureRequestedEvent;
import io.tally.api.payment.RecordPaymentAuthorizationCommand;
import io.tally.api.payment.RecordPaymentCaptureCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the same card processor as Tally, under an idempotency key per operation, and records its
 * answer on the payment: the naive way, without retries, circuit breaker or reconciliation.
 */
@Component
@ProcessingGroup("peer-gateway")
class PeerPaymentGateway {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommandGateway commands;
    private final PeerTables tables;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String apiKey;

    PeerPaymentGateway(
            CommandGateway commands,
            PeerTables tables,
            @Value("${peer.gateway.url}") String url,
            @Value("${peer.gateway.api-key}") String apiKey) {
        this.commands = commands;
        this.tables = tables;
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.apiKey = apiKey;
    }

    @EventHandler
    void on(PaymentAuthorizationPendingEvent event) throws IOException, InterruptedException {
        String token = tables.jdbc.queryForObject(
                "SELECT token FROM payment_token WHERE payment_id = ?", String.class, event.paymentId());
        Money amount = event.amount();
        JsonNode answer = post("v1/payment_intents", "peer:" + event.paymentId() + ":authorize", """
                {"amount":%d,"currency":"%s","payment_method":"%s","capture_method":"manual","confirm":true}""".formatted(
                        amount.amount(), amount.currency().toLowerCase(Locale.ROOT), token));
        boolean approved = !answer.has("error");
        commands.sendAndWait(new RecordPaymentAuthorizationCommand(
                event.paymentId(),
                approved,
                answer.path("id").asString(null),
                approved ? null : answer.path("error").path("code").asString("declined")));
        tables.jdbc.update("DELETE FROM payment_token WHERE payment_id = ?", event.paymentId());
    }

    @EventHandler
    void on(PaymentCaptureRequestedEvent event) throws IOException, InterruptedException {
        JsonNode answer = post(
                "v1/payment_intents/" + event.gatewayReference() + "/capture",
                "peer:" + event.paymentId() + ":capture",
                "{\"amount_to_capture\":" + event.amount().amount() + "}");
        boolean captured = !answer.has("error");
        commands.sendAndWait(new RecordPaymentCaptureCommand(
                event.paymentId(),
                captured,
                captured ? null : answer.path("error").path("code").asString("capture_failed")));
    }

    private JsonNode post(String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
