package io.tally.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's HTTP API: the API key, the body limit and the routes, Stripe's idempotency-key rules
 * around every POST, and the armed or token-chosen fault played around the processor's answer. One
 * lock guards the processor, the keys, the faults and the journal, so an answer and its saving under
 * a key are one step.
 */
final class SimulatorApi {

    private static final long HANG_MILLIS = 30_000;
    /** A request is small: more than this is refused unread. */
    private static final int MAX_BODY = 64 * 1024;

    private final String apiKey;
    private final Object lock = new Object();
    private final CardProcessor processor;
    private final IdempotencyKeys keys;
    private final Faults faults = new Faults();
    private final Journal journal;

    SimulatorApi(String apiKey, CardProcessor processor, IdempotencyKeys keys, Journal journal) {
        this.apiKey = apiKey;
        this.processor = processor;
        this.keys = keys;
        this.journal = journal;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (path.equals("/health")) {
                respond(exchange, 200, Json.object().put("status", "UP").put("livemode", false));
                return;
            }
            if (!MessageDigest.isEqual(
                    ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                            .getBytes(StandardCharsets.UTF_8))) {
                // the whole API, /_sim included: arming faults is the processor's to allow
                respond(
                        exchange,
                        401,
                        Json.error("invalid_request_error", "api_key_invalid", "Invalid API key provided"));
                return;
            }
            if (raw.length > MAX_BODY) {
                respond(
                        exchange,
                        413,
                        Json.error(
                                "invalid_request_error",
                                "body_too_large",
                                "bodies are at most " + MAX_BODY + " bytes"));
                return;
            }
            if (path.equals("/_sim/faults")) {
                faults(exchange, method, raw);
            } else if (method.equals("GET")) {
                get(exchange, path);
            } else if (!method.equals("POST")) {
                respond(exchange, 405, Json.error("invalid_request_error", "method_not_allowed", method + " " + path));
            } else {
                JsonNode body;
                try {
                    body = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
                } catch (RuntimeException e) {
                    respond(
                            exchange,
                            400,
                            Json.error("invalid_request_error", "parameter_invalid_json", "body is not JSON"));
                    return;
                }
                post(exchange, path, body);
            }
        }
    }

    private void get(HttpExchange exchange, String path) throws IOException {
        synchronized (lock) {
            if (path.equals("/v1/ledger")) {
                ObjectNode answer = Json.object();
                answer.putArray("movements").addAll(processor.ledger());
                respond(exchange, 200, answer);
                return;
            }
            if (path.startsWith("/v1/payment_intents/")) {
                ObjectNode intent = processor.intent(path.substring("/v1/payment_intents/".length()));
                if (intent != null) {
                    respond(exchange, 200, intent);
                    return;
                }
            }
        }
        respond(exchange, 404, Json.error("invalid_request_error", "resource_missing", "No such object: " + path));
    }

    private void post(HttpExchange exchange, String path, JsonNode body) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String operation = CardProcessor.operation(path);
        if (operation == null) {
            respond(
                    exchange,
                    404,
                    Json.error("invalid_request_error", "resource_missing", "No such endpoint: " + path));
            return;
        }
        String fingerprint = path + " " + Json.MAPPER.writeValueAsString(body);
        synchronized (lock) {
            if (key != null) {
                IdempotencyKeys.Saved previous = keys.saved(key);
                if (previous != null) {
                    if (!previous.fingerprint().equals(fingerprint)) {
                        respond(
                                exchange,
                                400,
                                Json.error(
                                        "idempotency_error",
                                        "idempotency_key_in_use",
                                        "Keys for idempotent requests can only be used with the same parameters they were"
                                                + " first used with"));
                    } else {
                        send(exchange, previous.status(), previous.body(), true);
                    }
                    return;
                }
                if (!keys.begin(key)) {
                    respond(
                            exchange,
                            409,
                            Json.error(
                                    "idempotency_error",
                                    "request_in_progress",
                                    "A request with this idempotency key is still being processed"));
                    return;
                }
            }
        }
        Fault fault;
        Answer answer;
        try {
            synchronized (lock) {
                fault = faults.take(operation, body, key);
            }
            if (fault == Fault.ERROR) {
                respond(exchange, 500, Json.error("api_error", "simulated_error", "simulated server error"));
                return;
            }
            if (fault == Fault.HANG) {
                end(key);
                key = null;
                sleep(HANG_MILLIS);
                return; // the connection closes without an answer; nothing was done
            }
            synchronized (lock) {
                answer = processor.act(operation, path, body, key);
                if (key != null) {
                    IdempotencyKeys.Saved saved = new IdempotencyKeys.Saved(
                            fingerprint, answer.status(), Json.MAPPER.writeValueAsString(answer.body()));
                    keys.save(key, saved);
                    journal.saved(key, saved);
                }
            }
        } finally {
            end(key);
        }
        if (fault == Fault.DROP_AFTER_APPLY) {
            return; // applied and saved; the caller never hears of it (the exchange closes with no response)
        }
        if (fault == Fault.TIMEOUT_AFTER_APPLY) {
            sleep(HANG_MILLIS);
        } else if (fault == Fault.SLOW) {
            sleep(GatewaySimulator.SLOW_MILLIS);
        }
        respond(exchange, answer.status(), answer.body());
    }

    private void end(String key) {
        if (key != null) {
            synchronized (lock) {
                keys.end(key);
            }
        }
    }

    private void faults(HttpExchange exchange, String method, byte[] raw) throws IOException {
        synchronized (lock) {
            if (method.equals("DELETE")) {
                faults.disarm();
                respond(exchange, 200, Json.object().put("armed", 0));
                return;
            }
            try {
                JsonNode request = Json.MAPPER.readTree(raw);
                int armed = faults.arm(request);
                respond(
                        exchange,
                        200,
                        Json.object()
                                .put("operation", request.get("operation").asString())
                                .put("armed", armed));
            } catch (RuntimeException e) {
                respond(
                        exchange,
                        400,
                        Json.error(
                                "invalid_request_error",
                                "parameter_invalid",
                                "{\"operation\": authorize|capture|cancel|refund, \"mode\": error|drop-after-apply|"
                                        + "timeout-after-apply|slow|hang, \"count\": 1.." + Faults.MAX_ARMED
                                        + " armed at once}"));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, Json.MAPPER.writeValueAsString(body), false);
    }

    private static void send(HttpExchange exchange, int status, String body, boolean replayed) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (replayed) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        synchronized (lock) {
            journal.close();
        }
    }
}
