package io.tally.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A card processor in test mode with a Stripe-like API, run as its own process on localhost by
 * {@code ./tally up} and the tests. See docs/payments.md for the contract; in short:
 * <ul>
 *   <li>{@code POST /v1/payment_intents} authorises ({@code capture_method=manual}), {@code .../{id}/capture},
 *   {@code .../{id}/cancel} and {@code POST /v1/refunds} move the money; {@code GET /v1/payment_intents/{id}};</li>
 *   <li>every POST honours {@code Idempotency-Key} as Stripe documents it: the first request with a key
 *   that started executing saves its answer, and a retry with the same key and parameters gets that
 *   answer again (header {@code Idempotent-Replayed: true}) without moving money again; other
 *   parameters under a used key are 400 {@code idempotency_error}; a retry while the first is still
 *   running is 409;</li>
 *   <li>test tokens: {@code tok_visa} approves, {@code tok_declined} and {@code tok_insufficient_funds}
 *   decline, {@code tok_timeout} never answers and authorises nothing, {@code tok_slow} answers after
 *   {@value #SLOW_MILLIS} ms, {@code tok_error_once} answers 500 to the first attempt of a key without
 *   acting, {@code tok_drop_after_charge} authorises then drops the connection without an answer,
 *   {@code tok_timeout_after_charge} authorises then answers only after any client gave up; any other
 *   token is declined {@code invalid_token};</li>
 *   <li>{@code POST /_sim/faults} (with the API key, at most 1,000 armed per operation) arms the same faults for the next requests of any operation;</li>
 *   <li>{@code GET /v1/ledger} lists every money movement it made, in order.</li>
 * </ul>
 * State lives in memory and, when a journal file is given, in that file too (appended, replayed on start).
 */
public final class GatewaySimulator {

    static final long SLOW_MILLIS = 1500;
    private static final long HANG_MILLIS = 30_000;

    enum Fault { ERROR, DROP_AFTER_APPLY, TIMEOUT_AFTER_APPLY, SLOW, HANG }

    private record Saved(String fingerprint, int status, String body) {
    }

    private record Answer(int status, ObjectNode body, Fault fault) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gateway-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_ARMED = 1000;

    private final String apiKey;
    private final Path journal;
    private final Object lock = new Object();
    private final Map<String, Saved> saved = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Set<String> failedOnce = new HashSet<>();
    private final Map<String, ObjectNode> intents = new HashMap<>();
    private final List<ObjectNode> ledger = new ArrayList<>();
    private final Map<String, List<Fault>> armed = new HashMap<>();
    private Writer journalWriter;

    private GatewaySimulator(String bind, int port, String apiKey, Path journal) throws IOException {
        this.apiKey = apiKey;
        this.journal = journal;
        if (journal != null) {
            replay();
        }
        server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on {@code port} (0: any free port); {@code journal} may be null (memory only). */
    public static GatewaySimulator start(int port, String apiKey, Path journal) throws IOException {
        return new GatewaySimulator("127.0.0.1", port, apiKey, journal);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        threads.shutdownNow();
        synchronized (lock) {
            if (journalWriter != null) {
                try {
                    journalWriter.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("TALLY_GATEWAY_PORT", args.length > 0 ? args[0] : "8090"));
        String journal = env("TALLY_GATEWAY_JOURNAL", args.length > 1 ? args[1] : "");
        // localhost only, unless told otherwise (its container in docker-compose's sandbox profile)
        GatewaySimulator simulator = new GatewaySimulator(env("TALLY_GATEWAY_BIND", "127.0.0.1"), port,
                env("TALLY_GATEWAY_API_KEY", "sk_test_tally"), journal.isBlank() ? null : Path.of(journal));
        String url = "http://127.0.0.1:" + simulator.port();
        System.out.println("gateway simulator listening on " + url + (journal.isBlank() ? "" : ", journal " + journal));
        String envFile = env("TALLY_GATEWAY_ENV_FILE", "");
        if (!envFile.isBlank()) {
            // for ./tally: where it listens, written whole once it does
            Path file = Path.of(envFile);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, "TALLY_GATEWAY_URL='" + url + "'\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    // --- HTTP ------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            // a request is small: more than this is refused unread (issue 34, point 10)
            byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (path.equals("/health")) {
                respond(exchange, 200, object().put("status", "UP").put("livemode", false), false);
                return;
            }
            if (!java.security.MessageDigest.isEqual(("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                          .getBytes(StandardCharsets.UTF_8))) {
                // the whole API, /_sim included: arming faults is the processor's to allow
                respond(exchange, 401, error("invalid_request_error", "api_key_invalid", "Invalid API key provided"),
                        false);
                return;
            }
            if (raw.length > MAX_BODY) {
                respond(exchange, 413, error("invalid_request_error", "body_too_large", "bodies are at most "
                        + MAX_BODY + " bytes"), false);
                return;
            }
            if (path.equals("/_sim/faults")) {
                faults(exchange, method, raw);
                return;
            }
            if (method.equals("GET")) {
                get(exchange, path);
                return;
            }
            if (!method.equals("POST")) {
                respond(exchange, 405, error("invalid_request_error", "method_not_allowed", method + " " + path), false);
                return;
            }
            JsonNode body;
            try {
                body = raw.length == 0 ? object() : JSON.readTree(raw);
            } catch (RuntimeException e) {
                respond(exchange, 400, error("invalid_request_error", "parameter_invalid_json", "body is not JSON"),
                        false);
                return;
            }
            post(exchange, path, body);
        }
    }

    private void get(HttpExchange exchange, String path) throws IOException {
        synchronized (lock) {
            if (path.equals("/v1/ledger")) {
                ObjectNode answer = object();
                answer.putArray("movements").addAll(ledger);
                respond(exchange, 200, answer, false);
                return;
            }
            if (path.startsWith("/v1/payment_intents/")) {
                ObjectNode intent = intents.get(path.substring("/v1/payment_intents/".length()));
                if (intent != null) {
                    respond(exchange, 200, intent, false);
                    return;
                }
            }
        }
        respond(exchange, 404, error("invalid_request_error", "resource_missing", "No such object: " + path), false);
    }

    private void post(HttpExchange exchange, String path, JsonNode body) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String operation = operation(path);
        if (operation == null) {
            respond(exchange, 404, error("invalid_request_error", "resource_missing", "No such endpoint: " + path),
                    false);
            return;
        }
        String fingerprint = path + " " + JSON.writeValueAsString(body);
        Answer answer;
        synchronized (lock) {
            if (key != null) {
                Saved previous = saved.get(key);
                if (previous != null) {
                    if (!previous.fingerprint().equals(fingerprint)) {
                        respond(exchange, 400, error("idempotency_error", "idempotency_key_in_use",
                                "Keys for idempotent requests can only be used with the same parameters they were"
                                        + " first used with"), false);
                    } else {
                        respondRaw(exchange, previous.status(), previous.body(), true);
                    }
                    return;
                }
                if (!inProgress.add(key)) {
                    respond(exchange, 409, error("idempotency_error", "request_in_progress",
                            "A request with this idempotency key is still being processed"), false);
                    return;
                }
            }
        }
        try {
            Fault fault = takeFault(operation, body, key);
            if (fault == Fault.ERROR) {
                respond(exchange, 500, error("api_error", "simulated_error", "simulated server error"), false);
                return;
            }
            if (fault == Fault.HANG) {
                release(key);
                key = null;
                sleep(HANG_MILLIS);
                return; // the connection closes without an answer; nothing was done
            }
            synchronized (lock) {
                Answer acted = act(operation, path, body, key);
                answer = new Answer(acted.status(), acted.body(), fault);
                if (key != null) {
                    Saved record = new Saved(fingerprint, answer.status(), JSON.writeValueAsString(answer.body()));
                    saved.put(key, record);
                    ObjectNode line = object().put("t", "idem").put("key", key).put("fingerprint", fingerprint)
                                              .put("status", record.status()).put("body", record.body());
                    journal(line);
                }
            }
        } finally {
            release(key);
        }
        switch (answer.fault() == null ? Fault.SLOW : answer.fault()) {
            case DROP_AFTER_APPLY -> {
                // applied and saved; the caller never hears of it (the exchange closes with no response)
                return;
            }
            case TIMEOUT_AFTER_APPLY -> sleep(HANG_MILLIS);
            default -> {
                if (answer.fault() == Fault.SLOW) {
                    sleep(SLOW_MILLIS);
                }
            }
        }
        respond(exchange, answer.status(), answer.body(), false);
    }

    private void release(String key) {
        if (key != null) {
            synchronized (lock) {
                inProgress.remove(key);
            }
        }
    }

    private static String operation(String path) {
        if (path.equals("/v1/payment_intents")) {
            return "authorize";
        }
        if (path.equals("/v1/refunds")) {
            return "refund";
        }
        if (path.matches("/v1/payment_intents/[^/]+/capture")) {
            return "capture";
        }
        if (path.matches("/v1/payment_intents/[^/]+/cancel")) {
            return "cancel";
        }
        return null;
    }

    // --- faults ----------------------------------------------------------------------------------

    private Fault takeFault(String operation, JsonNode body, String key) {
        synchronized (lock) {
            List<Fault> queue = armed.get(operation);
            if (queue != null && !queue.isEmpty()) {
                return queue.remove(0);
            }
            if (!operation.equals("authorize")) {
                return null;
            }
            String token = body.path("payment_method").asString("");
            return switch (token) {
                case "tok_timeout" -> Fault.HANG;
                case "tok_slow" -> Fault.SLOW;
                case "tok_drop_after_charge" -> Fault.DROP_AFTER_APPLY;
                case "tok_timeout_after_charge" -> Fault.TIMEOUT_AFTER_APPLY;
                case "tok_error_once" -> failedOnce.add(key == null ? UUID.randomUUID().toString() : key)
                        ? Fault.ERROR : null;
                default -> null;
            };
        }
    }

    private void faults(HttpExchange exchange, String method, byte[] raw) throws IOException {
        synchronized (lock) {
            if (method.equals("DELETE")) {
                armed.clear();
                respond(exchange, 200, object().put("armed", 0), false);
                return;
            }
            try {
                JsonNode body = JSON.readTree(raw);
                String operation = body.get("operation").asString();
                Fault fault = Fault.valueOf(body.get("mode").asString().toUpperCase().replace('-', '_'));
                int count = body.path("count").asInt(1);
                List<Fault> armedFor = armed.getOrDefault(operation, List.of());
                if (!List.of("authorize", "capture", "cancel", "refund").contains(operation) || count < 1
                        || count > MAX_ARMED || armedFor.size() + count > MAX_ARMED) {
                    throw new IllegalArgumentException(operation);
                }
                List<Fault> queue = armed.computeIfAbsent(operation, op -> new ArrayList<>());
                for (int i = 0; i < count; i++) {
                    queue.add(fault);
                }
                respond(exchange, 200, object().put("operation", operation).put("armed", queue.size()), false);
            } catch (RuntimeException e) {
                respond(exchange, 400, error("invalid_request_error", "parameter_invalid",
                        "{\"operation\": authorize|capture|cancel|refund, \"mode\": error|drop-after-apply|"
                                + "timeout-after-apply|slow|hang, \"count\": 1.." + MAX_ARMED + " armed at once}"),
                        false);
            }
        }
    }

    // --- the processor ---------------------------------------------------------------------------

    private Answer act(String operation, String path, JsonNode body, String key) {
        return switch (operation) {
            case "authorize" -> authorize(body, key);
            case "capture" -> capture(path.split("/")[3], body, key);
            case "cancel" -> cancel(path.split("/")[3], key);
            default -> refund(body, key);
        };
    }

    private Answer authorize(JsonNode body, String key) {
        long amount = body.path("amount").asLong(0);
        String currency = body.path("currency").asString("").toUpperCase();
        if (amount <= 0 || currency.length() != 3) {
            return invalid("parameter_invalid_integer", "amount must be a positive integer and currency 3 letters");
        }
        String token = body.path("payment_method").asString("");
        String declineCode = switch (token) {
            case "tok_visa", "tok_slow", "tok_error_once", "tok_drop_after_charge", "tok_timeout_after_charge" -> null;
            case "tok_declined" -> "generic_decline";
            case "tok_insufficient_funds" -> "insufficient_funds";
            default -> "invalid_token";
        };
        if (declineCode != null) {
            ObjectNode error = error("card_error", "card_declined", "Your card was declined.");
            ((ObjectNode) error.get("error")).put("decline_code", declineCode);
            return new Answer(402, error, null);
        }
        ObjectNode intent = object().put("id", "pi_" + UUID.randomUUID().toString().replace("-", ""))
                                    .put("object", "payment_intent").put("amount", amount).put("currency", currency)
                                    .put("amount_capturable", amount).put("amount_received", 0)
                                    .put("amount_refunded", 0).put("status", "requires_capture");
        intent.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : object());
        store(intent);
        move("authorization", key, intent, null, amount);
        return new Answer(200, intent, null);
    }

    private Answer capture(String id, JsonNode body, String key) {
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return new Answer(404, error("invalid_request_error", "resource_missing", "No such payment_intent: " + id),
                    null);
        }
        if (!"requires_capture".equals(intent.get("status").asString())) {
            return invalid("payment_intent_unexpected_state", "This PaymentIntent is " + intent.get("status").asString());
        }
        long amount = body.path("amount_to_capture").asLong(intent.get("amount").asLong());
        if (amount <= 0 || amount > intent.get("amount").asLong()) {
            return invalid("amount_too_large", "amount_to_capture exceeds the authorised amount");
        }
        intent.put("status", "succeeded").put("amount_received", amount).put("amount_capturable", 0);
        store(intent);
        move("capture", key, intent, null, amount);
        return new Answer(200, intent, null);
    }

    private Answer cancel(String id, String key) {
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return new Answer(404, error("invalid_request_error", "resource_missing", "No such payment_intent: " + id),
                    null);
        }
        if (!"requires_capture".equals(intent.get("status").asString())) {
            return invalid("payment_intent_unexpected_state", "This PaymentIntent is " + intent.get("status").asString());
        }
        long amount = intent.get("amount").asLong();
        intent.put("status", "canceled").put("amount_capturable", 0);
        store(intent);
        move("void", key, intent, null, amount);
        return new Answer(200, intent, null);
    }

    private Answer refund(JsonNode body, String key) {
        String id = body.path("payment_intent").asString("");
        ObjectNode intent = intents.get(id);
        if (intent == null) {
            return new Answer(404, error("invalid_request_error", "resource_missing", "No such payment_intent: " + id),
                    null);
        }
        long received = intent.get("amount_received").asLong();
        long refunded = intent.get("amount_refunded").asLong();
        long amount = body.path("amount").asLong(received - refunded);
        if (!"succeeded".equals(intent.get("status").asString())) {
            return invalid("charge_not_captured", "This PaymentIntent has not been captured");
        }
        if (amount <= 0 || refunded + amount > received) {
            return invalid(refunded >= received ? "charge_already_refunded" : "amount_too_large",
                    "Refund amount exceeds what remains to refund");
        }
        intent.put("amount_refunded", refunded + amount);
        store(intent);
        ObjectNode refund = object().put("id", "re_" + UUID.randomUUID().toString().replace("-", ""))
                                    .put("object", "refund").put("amount", amount)
                                    .put("currency", intent.get("currency").asString()).put("payment_intent", id)
                                    .put("status", "succeeded");
        refund.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : object());
        move("refund", key, intent, refund, amount);
        return new Answer(200, refund, null);
    }

    private void store(ObjectNode intent) {
        intents.put(intent.get("id").asString(), intent);
        journal(object().put("t", "intent").set("intent", intent));
    }

    private void move(String type, String key, ObjectNode intent, ObjectNode refund, long amount) {
        ObjectNode movement = object().put("sequence", ledger.size() + 1).put("type", type).put("idempotencyKey", key)
                                      .put("paymentIntent", intent.get("id").asString())
                                      .put("paymentId", intent.path("metadata").path("payment_id").asString(null))
                                      .put("amount", amount).put("currency", intent.get("currency").asString())
                                      .put("at", Instant.now().toString());
        if (refund != null) {
            movement.put("refund", refund.get("id").asString())
                    .put("refundId", refund.path("metadata").path("refund_id").asString(null));
        }
        ledger.add(movement);
        journal(object().put("t", "movement").set("movement", movement));
    }

    private static Answer invalid(String code, String message) {
        return new Answer(400, error("invalid_request_error", code, message), null);
    }

    // --- journal ---------------------------------------------------------------------------------

    private void journal(ObjectNode line) {
        if (journal == null) {
            return;
        }
        try {
            if (journalWriter == null) {
                Files.createDirectories(journal.toAbsolutePath().getParent());
                journalWriter = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            journalWriter.write(JSON.writeValueAsString(line));
            journalWriter.write('\n');
            journalWriter.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's journal " + journal, e);
        }
    }

    private void replay() throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        // line by line: a journal of a long benchmark day is tens of megabytes
        try (BufferedReader lines = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                JsonNode line;
                try {
                    line = JSON.readTree(text);
                } catch (RuntimeException torn) {
                    continue; // a torn last line of a killed simulator
                }
                switch (line.path("t").asString("")) {
                    case "intent" -> intents.put(line.get("intent").get("id").asString(), (ObjectNode) line.get("intent"));
                    case "movement" -> ledger.add((ObjectNode) line.get("movement"));
                    case "idem" -> saved.put(line.get("key").asString(), new Saved(line.get("fingerprint").asString(),
                            line.get("status").asInt(), line.get("body").asString()));
                    default -> {
                        // an unknown line: skipped
                    }
                }
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ObjectNode error(String type, String code, String message) {
        ObjectNode body = object();
        body.putObject("error").put("type", type).put("code", code).put("message", message);
        return body;
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body, boolean replayed)
            throws IOException {
        respondRaw(exchange, status, JSON.writeValueAsString(body), replayed);
    }

    private static void respondRaw(HttpExchange exchange, int status, String body, boolean replayed)
            throws IOException {
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
}
