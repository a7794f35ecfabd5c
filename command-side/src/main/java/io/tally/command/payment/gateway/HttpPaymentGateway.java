package io.tally.command.payment.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.api.common.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway over HTTP, for a processor with Stripe's API shape (payment intents with manual
 * capture, cancel, refunds): the JDK's HTTP client with connect and request timeouts, every POST
 * with its {@code Idempotency-Key}, resilience4j's retry with exponential back-off for what may
 * pass at once (a dropped connection, 409 while the same key is still running, 429, 5xx; not a
 * timeout, which is asked about again a little later), and
 * its circuit breaker so a processor that is down is not hammered. What stays unanswered after the
 * retries is {@code UNKNOWN}, never a refusal: the payment processor asks again later under the
 * same key.
 */
public final class HttpPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(HttpPaymentGateway.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer over the wire: a status and a body, or the exception that took its place. */
    private record Reply(int status, JsonNode body, Exception failure) {

        /** No definite answer: the processor is unwell or unreachable, or did not answer in time. */
        boolean transientFailure() {
            return failure != null || status == 409 || status == 429 || status >= 500;
        }

        /**
         * Worth sending again at once: a refused or dropped connection, 409, 429, 5xx. A timeout is
         * not: the request may still be running there, and holding the payment processor's thread
         * through several more would hold up every payment behind it; the operation is asked about
         * again shortly instead, under the same key.
         */
        /**
         * What the circuit breaker counts against the processor: refused or dropped connections,
         * 429 and 5xx. Not a timeout: one card that never answers (a test token, a slow issuer)
         * says nothing of the processor, and must not cut every other payment off.
         */
        boolean unwell() {
            return failure != null
                    ? !(failure instanceof java.net.http.HttpTimeoutException)
                            && !(failure instanceof CallNotPermittedException)
                    : status == 429 || status >= 500;
        }

        boolean retryNow() {
            return transientFailure()
                    && !(failure instanceof java.net.http.HttpTimeoutException)
                    && !(failure instanceof CallNotPermittedException);
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public HttpPaymentGateway(GatewayProperties properties, MeterRegistry meters) {
        this.base = URI.create(properties.url().endsWith("/") ? properties.url() : properties.url() + "/");
        this.apiKey = properties.apiKey();
        this.timeout = properties.timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .build();
        this.retry = Retry.of(
                "payment-gateway",
                RetryConfig.<Reply>custom()
                        .maxAttempts(properties.attempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                        .retryOnResult(Reply::retryNow)
                        .retryOnException(e -> false)
                        .build());
        this.breaker = CircuitBreaker.of(
                "payment-gateway",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(properties.openFor())
                        .recordResult(reply -> reply instanceof Reply r && r.unwell())
                        .build());
        meters.gauge(
                "tally.payment.gateway.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
    }

    @Override
    public Answer authorize(String key, String paymentId, Money amount, String cardToken) {
        ObjectNode body = JSON.createObjectNode()
                .put("amount", amount.amount())
                .put("currency", amount.currency().toLowerCase(Locale.ROOT))
                .put("payment_method", cardToken)
                .put("capture_method", "manual")
                .put("confirm", true);
        body.putObject("metadata").put("payment_id", paymentId);
        return answer("authorize", key, post("v1/payment_intents", key, body));
    }

    @Override
    public Answer capture(String key, String reference, Money amount) {
        return answer(
                "capture",
                key,
                post(
                        "v1/payment_intents/" + reference + "/capture",
                        key,
                        JSON.createObjectNode().put("amount_to_capture", amount.amount())));
    }

    @Override
    public Answer voidAuthorization(String key, String reference) {
        return answer("void", key, post("v1/payment_intents/" + reference + "/cancel", key, JSON.createObjectNode()));
    }

    @Override
    public Answer refund(String key, String reference, Money amount, String refundId) {
        ObjectNode body =
                JSON.createObjectNode().put("payment_intent", reference).put("amount", amount.amount());
        body.putObject("metadata").put("refund_id", refundId);
        return answer("refund", key, post("v1/refunds", key, body));
    }

    @Override
    public java.util.List<Movement> ledger() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("v1/ledger"))
                .timeout(timeout.multipliedBy(10))
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
        Reply reply = send(request);
        if (reply.failure() != null || reply.status() != 200) {
            throw new io.tally.failures.StoreUnavailableException(
                    "the payment gateway's ledger",
                    reply.failure() != null ? reply.failure() : new IllegalStateException("HTTP " + reply.status()));
        }
        java.util.List<Movement> movements = new java.util.ArrayList<>();
        for (JsonNode movement : reply.body().path("movements")) {
            movements.add(new Movement(
                    movement.path("type").asString(""),
                    text(movement, "paymentId"),
                    text(movement, "refundId"),
                    movement.path("amount").asLong()));
        }
        return movements;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private Reply post(String path, String key, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, () -> send(request)))
                    .get();
        } catch (CallNotPermittedException open) {
            return new Reply(0, null, open);
        }
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                body = JSON.createObjectNode();
            }
            return new Reply(response.statusCode(), body, null);
        } catch (IOException e) {
            return new Reply(0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, e);
        }
    }

    private static Answer answer(String operation, String key, Reply reply) {
        if (reply.failure() != null || reply.transientFailure() || reply.status() == 401 || reply.status() == 403) {
            String detail = reply.failure() != null
                    ? reply.failure().getClass().getSimpleName() + ": "
                            + reply.failure().getMessage()
                    : "HTTP " + reply.status() + " " + reply.body();
            log.warn("payment gateway {} under key {}: no definite answer ({})", operation, key, detail);
            return Answer.unknown(detail);
        }
        if (reply.status() / 100 == 2) {
            return Answer.done(reply.body().path("id").asString(null));
        }
        JsonNode error = reply.body().path("error");
        if ("idempotency_error".equals(error.path("type").asString(""))) {
            // the key was used with other parameters: a defect, never a refusal of the money movement
            log.error("payment gateway {} under key {}: {}", operation, key, reply.body());
            return Answer.unknown("idempotency_error: " + error.path("message").asString(""));
        }
        // a decline's own reason when it has one (insufficient_funds, invalid_token), else the error's code
        String code = error.path("code").asString("gateway_refused");
        String decline = error.path("decline_code").asString("");
        return Answer.refused(decline.isEmpty() || decline.equals("generic_decline") ? code : decline);
    }
}
