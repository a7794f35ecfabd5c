package io.tally.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>
 * The parts: {@link SimulatorApi} (key, routes, idempotency and faults around each request),
 * {@link CardProcessor} (intents and the ledger), {@link IdempotencyKeys}, {@link Faults}, {@link Journal}.
 * This class starts and stops them, and {@link #main} runs them as a process.
 */
public final class GatewaySimulator {

    static final long SLOW_MILLIS = 1500;

    private final HttpServer server;
    private final SimulatorApi api;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gateway-simulator");
        thread.setDaemon(true);
        return thread;
    });

    private GatewaySimulator(String bind, int port, String apiKey, Path journalFile) throws IOException {
        Journal journal = new Journal(journalFile);
        CardProcessor processor = new CardProcessor(journal);
        IdempotencyKeys keys = new IdempotencyKeys();
        journal.replay(processor, keys);
        api = new SimulatorApi(apiKey, processor, keys, journal);
        server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        server.setExecutor(threads);
        server.createContext("/", api::handle);
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
        api.close();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("TALLY_GATEWAY_PORT", args.length > 0 ? args[0] : "8090"));
        String journal = env("TALLY_GATEWAY_JOURNAL", args.length > 1 ? args[1] : "");
        // localhost only, unless told otherwise (its container in docker-compose's sandbox profile)
        GatewaySimulator simulator = new GatewaySimulator(
                env("TALLY_GATEWAY_BIND", "127.0.0.1"),
                port,
                env("TALLY_GATEWAY_API_KEY", "sk_test_tally"),
                journal.isBlank() ? null : Path.of(journal));
        String url = "http://127.0.0.1:" + simulator.port();
        System.out.println("gateway simulator listening on " + url + (journal.isBlank() ? "" : ", journal " + journal));
        String envFile = env("TALLY_GATEWAY_ENV_FILE", "");
        if (!envFile.isBlank()) {
            // for ./tally: where it listens, written whole once it does
            Path file = Path.of(envFile);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, "TALLY_GATEWAY_URL='" + url + "'\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
