package io.tally.tools.chaos;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open-model load of the real API: sessions arrive at a rate whatever the answers, each a
 * client as API.md asks them to be (the same Idempotency-Key on every retry, Retry-After honoured,
 * minVersion to read its own writes). Every call goes into the {@link History}.
 */
final class Load {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a client keeps retrying one request before it gives up (the command's fate unknown to it). */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final String commands;
    private final String queries;
    private final String app;
    private final String analyst;
    private final String auditor;
    private final String ops;
    private final History history;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final ThreadPoolExecutor sessions =
            new ThreadPoolExecutor(0, 48, 30, TimeUnit.SECONDS, new SynchronousQueue<>());
    private final List<String> skus = new CopyOnWriteArrayList<>();
    private final List<String[]> placed = new CopyOnWriteArrayList<>(); // orderId, customerId
    final AtomicLong started = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final AtomicLong customers = new AtomicLong();

    Load(String commands, String queries, String[] tokens, History history) {
        this.commands = commands;
        this.queries = queries;
        this.app = tokens[0];
        this.analyst = tokens[1];
        this.auditor = tokens[2];
        this.ops = tokens[3];
        this.history = history;
    }

    ExecutorService executor() {
        return sessions;
    }

    /** Registers the campaign's items: plenty of stock, and one kept scarce so some orders are rejected. */
    void prepare() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            register(i == 0 ? 3 : 100_000);
        }
    }

    /** Sessions at {@code rate} a second (Poisson arrivals) until {@code untilNanos}. */
    void run(double rate, long untilNanos, Random arrivals) throws InterruptedException {
        long next = System.nanoTime();
        long lastReplay = System.nanoTime();
        while (System.nanoTime() < untilNanos) {
            next += (long) (-Math.log(1 - arrivals.nextDouble()) / rate * 1e9);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int pick = arrivals.nextInt(100);
            if (System.nanoTime() - lastReplay > 90e9) {
                lastReplay = System.nanoTime();
                submit(this::replay);
            } else if (pick < 42) {
                submit(this::order);
            } else if (pick < 57) {
                submit(this::inventory);
            } else if (pick < 59) {
                submit(() -> register(1_000));
            } else if (pick < 82) {
                submit(this::read);
            } else if (pick < 87) {
                submit(this::follow);
            } else if (pick < 97) {
                submit(this::audit);
            } else {
                submit(this::shred);
            }
        }
    }

    interface Session {
        void run() throws Exception;
    }

    private void submit(Session session) {
        started.incrementAndGet();
        try {
            sessions.execute(() -> {
                try {
                    session.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    System.err.println("a session failed: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            shed.incrementAndGet();
        }
    }

    // --- sessions ---------------------------------------------------------------------------------

    private void register(long stock) throws InterruptedException {
        String sku = "CHAOS-" + tag + "-" + skus.size() + "-"
                + ThreadLocalRandom.current().nextInt(1000);
        String body = "{\"sku\":\"" + sku + "\",\"name\":\"Chaos item " + sku + "\",\"unitPrice\":{\"amount\":"
                + (100 + ThreadLocalRandom.current().nextInt(5000))
                + ",\"currency\":\"EUR\"},\"taxRateBasisPoints\":1900}";
        History.Call created = command(
                "register",
                "POST",
                "/api/inventory",
                body,
                "inventory:" + sku,
                sku,
                "InventoryItemRegisteredEvent",
                null);
        if (created.status() == 201) {
            History.Call received = command(
                    "receive",
                    "POST",
                    "/api/inventory/" + sku + "/receipts",
                    "{\"quantity\":" + stock + ",\"reference\":\"chaos\"}",
                    "inventory:" + sku,
                    sku,
                    "StockReceivedEvent",
                    null);
            if (received.status() == 200) {
                skus.add(sku);
            }
        }
    }

    private void order() throws InterruptedException {
        if (skus.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String sku = skus.get(random.nextInt(skus.size()));
        int token = random.nextInt(100);
        String payment = token < 86 ? "tok_visa" : token < 97 ? "tok_declined" : "tok_timeout";
        String customer = "cus_chaos_" + tag + "_" + customers.incrementAndGet();
        String body = "{\"customerId\":\"" + customer + "\",\"customerName\":\"Chaos Customer\",\"customerEmail\":\""
                + customer + "@example.com\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":"
                + (1 + random.nextInt(3)) + "}],\"paymentToken\":\"" + payment + "\""
                + (random.nextInt(5) == 0 ? ",\"discountCode\":\"WELCOME10\"" : "") + "}";
        String key = UUID.randomUUID().toString();
        Answer placedAnswer = send("POST", commands + "/api/orders", body, key, app, null, -1);
        if (placedAnswer.call.status() != 201) {
            history.commands.add(
                    new History.Command("place", key, null, "OrderPlacedEvent", placedAnswer.call.status(), -1));
            return;
        }
        String orderId = placedAnswer.json.path("orderId").asString();
        String aggregate = "order:" + orderId;
        history.commands.add(
                new History.Command("place", key, orderId, "OrderPlacedEvent", 201, placedAnswer.call.version()));
        history.orders.add(orderId);
        placed.add(new String[] {orderId, customer});
        // its calls were recorded before its id was known
        history.aggregateOfKey.put(key, aggregate);
        if (random.nextInt(10) == 0) {
            Answer again = send("POST", commands + "/api/orders", body, key, app, aggregate, -1);
            history.replays.add(new History.Call[] {placedAnswer.call, again.call});
        }
        // read its own write, then wait for the saga
        send(
                "GET",
                queries + "/api/orders/" + orderId + "?minVersion=" + placedAnswer.call.version(),
                null,
                null,
                app,
                aggregate,
                placedAnswer.call.version());
        JsonNode order = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Answer read = send("GET", queries + "/api/orders/" + orderId, null, null, app, aggregate, -1);
            if (read.call.status() == 200
                    && List.of("CONFIRMED", "REJECTED", "CANCELLED")
                            .contains(read.json.path("status").asString())) {
                order = read.json;
                break;
            }
            Thread.sleep(500);
        }
        if (order == null || !order.path("status").asString().equals("CONFIRMED")) {
            return;
        }
        long version = order.path("version").asLong();
        int next = random.nextInt(100);
        String ship = "{\"carrier\":\"DHL\",\"trackingNumber\":\"CH" + random.nextInt(1_000_000) + "\"}";
        if (next < 15) {
            cancel(orderId, "chaos", "\"" + version + "\"");
        } else if (next < 30) {
            race(orderId, version, ship);
        } else if (next < 85) {
            History.Call shipped = ship(orderId, ship, random.nextBoolean() ? "\"" + version + "\"" : null);
            if (shipped.status() == 200 && random.nextInt(100) < 40) {
                refund(orderId, order);
            }
        }
    }

    /** Ship and cancel sent at once with the same If-Match: one of them may win, never both. */
    private void race(String orderId, long version, String ship) throws InterruptedException {
        History.Call[] answers = new History.Call[2];
        Thread shipper = new Thread(() -> {
            try {
                answers[0] = ship(orderId, ship, "\"" + version + "\"");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        shipper.start();
        answers[1] = cancel(orderId, "race", "\"" + version + "\"");
        shipper.join();
        if (answers[0] != null) {
            history.races.add(answers);
        }
    }

    private History.Call ship(String orderId, String body, String ifMatch) throws InterruptedException {
        return command(
                "ship",
                "POST",
                "/api/orders/" + orderId + "/ship",
                body,
                "order:" + orderId,
                orderId,
                "OrderShippedEvent",
                ifMatch);
    }

    private History.Call cancel(String orderId, String reason, String ifMatch) throws InterruptedException {
        return command(
                "cancel",
                "POST",
                "/api/orders/" + orderId + "/cancel",
                "{\"reason\":\"" + reason + "\"}",
                "order:" + orderId,
                orderId,
                "OrderCancelledEvent",
                ifMatch);
    }

    private void refund(String orderId, JsonNode order) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Answer read = send("GET", queries + "/api/orders/" + orderId, null, null, app, "order:" + orderId, -1);
            String paymentId =
                    read.json == null ? "" : read.json.path("paymentId").asString("");
            if (!paymentId.isEmpty()
                    && read.json.path("paymentStatus").asString("").equals("CAPTURED")) {
                long total = order.path("totals").path("total").path("amount").asLong();
                long amount = ThreadLocalRandom.current().nextInt(3) == 0 ? total + 1 : Math.max(1, total / 3);
                command(
                        "refund",
                        "POST",
                        "/api/payments/" + paymentId + "/refunds",
                        "{\"amount\":{\"amount\":" + amount + ",\"currency\":\"EUR\"},\"reason\":\"chaos\"}",
                        "payment:" + paymentId,
                        paymentId,
                        "PaymentRefundRequestedEvent",
                        null);
                return;
            }
            Thread.sleep(500);
        }
    }

    private void inventory() throws InterruptedException {
        if (skus.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String sku = skus.get(1 + random.nextInt(Math.max(1, skus.size() - 1)) % skus.size());
        String aggregate = "inventory:" + sku;
        int pick = random.nextInt(10);
        History.Call answer;
        if (pick < 5) {
            answer = command(
                    "receive",
                    "POST",
                    "/api/inventory/" + sku + "/receipts",
                    "{\"quantity\":" + (1 + random.nextInt(20)) + ",\"reference\":\"chaos\"}",
                    aggregate,
                    sku,
                    "StockReceivedEvent",
                    null);
        } else if (pick < 8) {
            int delta = random.nextBoolean() ? 1 + random.nextInt(5) : -(1 + random.nextInt(5));
            answer = command(
                    "adjust",
                    "POST",
                    "/api/inventory/" + sku + "/adjustments",
                    "{\"delta\":" + delta + ",\"reason\":\"chaos count\"}",
                    aggregate,
                    sku,
                    "StockAdjustedEvent",
                    null);
        } else {
            answer = command(
                    "price",
                    "PUT",
                    "/api/inventory/" + sku + "/price",
                    "{\"unitPrice\":{\"amount\":" + (100 + random.nextInt(5000)) + ",\"currency\":\"EUR\"}}",
                    aggregate,
                    sku,
                    "UnitPriceChangedEvent",
                    null);
        }
        if (answer.status() == 200 && answer.version() >= 0) {
            send(
                    "GET",
                    queries + "/api/inventory/" + sku + "?minVersion=" + answer.version(),
                    null,
                    null,
                    app,
                    aggregate,
                    answer.version());
        }
    }

    private void read() throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String path = switch (random.nextInt(6)) {
            case 0 -> "/api/search/orders?q=chaos";
            case 1 -> "/api/analytics/revenue?interval=day&currency=EUR";
            case 2 -> "/api/analytics/top-products?limit=5";
            case 3 -> "/api/orders?status=CONFIRMED&size=20";
            case 4 -> "/api/inventory?availableBelow=50";
            default -> "/api/orders?sort=placedAt,desc&size=5";
        };
        send("GET", queries + path, null, null, analyst, null, -1);
    }

    /** An SSE reader of one recent order for a few seconds. */
    private void follow() throws Exception {
        if (placed.isEmpty()) {
            return;
        }
        String orderId =
                placed.get(placed.size() - 1 - ThreadLocalRandom.current().nextInt(Math.min(10, placed.size())))[0];
        long start = System.nanoTime();
        int status;
        String error = null;
        try {
            HttpResponse<InputStream> stream = http.send(
                    HttpRequest.newBuilder(URI.create(queries + "/api/orders/" + orderId + "/updates"))
                            .header("Authorization", "Bearer " + app)
                            .header("Accept", "text/event-stream")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = stream.statusCode();
            try (InputStream body = stream.body()) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                Thread closer = new Thread(() -> {
                    try {
                        Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
                        body.close();
                    } catch (Exception e) {
                        // closed already
                    }
                });
                closer.setDaemon(true);
                closer.start();
                try {
                    while (System.nanoTime() < until && lines.readLine() != null) {
                        // events arrive; the stream itself is what is checked
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the read
                }
            }
        } catch (java.io.IOException e) {
            status = -1;
            error = e.getClass().getSimpleName();
        }
        history.calls.add(new History.Call(
                "order:" + orderId,
                "GET",
                "/api/orders/" + orderId + "/updates",
                null,
                start,
                System.nanoTime(),
                status,
                -1,
                null,
                false,
                -1,
                error));
    }

    private void audit() throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextBoolean() && !placed.isEmpty()) {
            String orderId = placed.get(random.nextInt(placed.size()))[0];
            Answer verified = send(
                    "GET",
                    queries + "/api/audit/verify?aggregateType=order&aggregateId=" + orderId,
                    null,
                    null,
                    auditor,
                    null,
                    -1);
            if (verified.call.status() == 200 && !verified.json.path("verified").asBoolean()) {
                history.calls.add(new History.Call(
                        "audit",
                        "GET",
                        "verify order " + orderId,
                        null,
                        0,
                        0,
                        299,
                        -1,
                        "not-verified",
                        false,
                        -1,
                        verified.json.toString()));
            }
        } else {
            send(
                    "GET",
                    queries + "/api/audit/events?afterGlobalIndex=" + random.nextInt(5000) + "&limit=200",
                    null,
                    null,
                    auditor,
                    null,
                    -1);
        }
    }

    private void shred() throws InterruptedException {
        if (placed.size() < 5) {
            return;
        }
        String customer = placed.get(ThreadLocalRandom.current().nextInt(placed.size()))[1];
        send("DELETE", commands + "/api/customers/" + customer + "/personal-data", null, null, ops, null, -1);
    }

    private void replay() throws InterruptedException {
        String name = List.of("orders-pg", "orders-es", "payments-pg", "inventory-pg", "inventory-es")
                .get(ThreadLocalRandom.current().nextInt(5));
        send("POST", queries + "/api/admin/projections/" + name + "/replay", null, null, ops, null, -1);
    }

    // --- the client -------------------------------------------------------------------------------

    /** A command with a fresh key, retried as API.md asks; recorded with its final answer. */
    private History.Call command(
            String kind,
            String method,
            String path,
            String body,
            String aggregate,
            String aggregateId,
            String eventType,
            String ifMatch)
            throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Answer answer = send(method, commands + path, body, key, app, aggregate, -1, ifMatch);
        history.commands.add(
                new History.Command(kind, key, aggregateId, eventType, answer.call.status(), answer.call.version()));
        return answer.call;
    }

    record Answer(History.Call call, JsonNode json) {}

    private Answer send(
            String method, String url, String body, String key, String token, String aggregate, long minVersion)
            throws InterruptedException {
        return send(method, url, body, key, token, aggregate, minVersion, null);
    }

    /**
     * Sends until a final answer: on no answer, 503 or 429 the same request again (same key), after
     * Retry-After or a backoff with jitter, for at most {@link #PATIENCE}.
     */
    private Answer send(
            String method,
            String url,
            String body,
            String key,
            String token,
            String aggregate,
            long minVersion,
            String ifMatch)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int attempt = 0;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(15));
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            String path = URI.create(url).getRawPath()
                    + (URI.create(url).getRawQuery() == null
                            ? ""
                            : "?" + URI.create(url).getRawQuery());
            long start = System.nanoTime();
            History.Call call;
            JsonNode json = null;
            long retryAfter = -1;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String text = response.body();
                if (text != null && text.startsWith("{")) {
                    try {
                        json = JSON.readTree(text);
                    } catch (RuntimeException e) {
                        json = null;
                    }
                }
                long version = json != null && json.has("version")
                        ? json.path("version").asLong()
                        : etag(response);
                String problem = json != null && json.has("type") && response.statusCode() >= 400
                        ? json.path("type").asString()
                        : null;
                retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .map(Load::seconds)
                        .orElse(-1L);
                call = new History.Call(
                        aggregate,
                        method,
                        path,
                        key,
                        start,
                        System.nanoTime(),
                        response.statusCode(),
                        version,
                        problem,
                        retryAfter >= 0,
                        minVersion,
                        null);
            } catch (java.io.IOException e) {
                call = new History.Call(
                        aggregate,
                        method,
                        path,
                        key,
                        start,
                        System.nanoTime(),
                        -1,
                        -1,
                        null,
                        false,
                        minVersion,
                        e.getClass().getSimpleName());
            }
            history.calls.add(call);
            boolean again = call.status() == -1
                    || call.status() == 503
                    || call.status() == 429
                    || (call.status() == 409 && "GET".equals(method) && minVersion >= 0);
            if (!again || System.nanoTime() > deadline) {
                return new Answer(call, json);
            }
            long backoff =
                    retryAfter >= 0 ? Math.min(retryAfter, 5) * 1000 : Math.min(5_000, 250L << Math.min(attempt, 5));
            Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            attempt++;
        }
    }

    private static long etag(HttpResponse<String> response) {
        return response.headers()
                .firstValue("ETag")
                .map(tag -> tag.replace("W/", "").replace("\"", ""))
                .map(tag -> {
                    try {
                        return Long.parseLong(tag);
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                })
                .orElse(-1L);
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
