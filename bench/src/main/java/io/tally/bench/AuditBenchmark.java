package io.tally.bench;

import io.tally.dev.Tokens;
import io.tally.tools.audit.ExportVerifier;
import java.io.BufferedReader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./tally bench audit}: on the running system's whole log, with hashing and seals on, how
 * fast the log exports ({@code GET /api/audit/export}), verifies offline ({@code ./tally audit
 * verify}) and online ({@code GET /api/audit/verify}), and how fast each projection replays into
 * a copy and swaps in ({@code POST /api/admin/projections/{name}/replay}, one after the other).
 */
public final class AuditBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PROJECTIONS =
            List.of("orders-pg", "payments-pg", "inventory-pg", "orders-es", "inventory-es");

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        String query = "http://localhost:" + System.getenv("TALLY_QUERY_PORT");
        Path keys = Path.of(System.getenv("TALLY_KEYS_DIR"));
        Tokens tokens = Tokens.loadOrCreate(keys);
        String auditor = tokens.mint("bench-auditor", List.of("AUDITOR"), Duration.ofHours(2));
        String ops = tokens.mint("bench-ops", List.of("OPS"), Duration.ofHours(2));
        HttpClient http = HttpClient.newHttpClient();

        Path file = Files.createTempFile("tally-bench-export", ".ndjson");
        try {
            long started = System.nanoTime();
            HttpResponse<InputStream> export = http.send(
                    get(query + "/api/audit/export", auditor)
                            .header("Accept", "application/x-ndjson")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = export.body()) {
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
            double exportSeconds = seconds(started);
            started = System.nanoTime();
            ExportVerifier.Result offline;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                offline = ExportVerifier.verify(
                        reader,
                        ExportVerifier.publicKey(keys.resolve("seal-public.pem")),
                        ExportVerifier.publicKey(keys.resolve("export-public.pem")));
            }
            double verifySeconds = seconds(started);
            System.out.printf(
                    "  log: %d events, %d seals, export %.1f MB%n",
                    offline.events(), offline.seals(), Files.size(file) / 1e6);
            System.out.printf(
                    "  export  (GET /api/audit/export -> file):      %8.0f events/s  (%.1f s)%n",
                    offline.events() / exportSeconds, exportSeconds);
            System.out.printf(
                    "  verify offline (./tally audit verify):        %8.0f events/s  (%.1f s)  %s%n",
                    offline.events() / verifySeconds, verifySeconds, offline.verified() ? "VERIFIED" : "NOT VERIFIED");

            started = System.nanoTime();
            HttpResponse<String> online =
                    http.send(get(query + "/api/audit/verify", auditor).build(), HttpResponse.BodyHandlers.ofString());
            double onlineSeconds = seconds(started);
            JsonNode verification = JSON.readTree(online.body());
            System.out.printf(
                    "  verify online (GET /api/audit/verify):       %8.0f events/s  (%.1f s)  verified=%s, "
                            + "%d seals%n",
                    verification.get("eventsChecked").asLong() / onlineSeconds,
                    onlineSeconds,
                    verification.get("verified").asBoolean(),
                    verification.get("sealsChecked").asLong());
        } finally {
            Files.deleteIfExists(file);
        }

        System.out.println("  replays into a copy, then the swap (one at a time, the services otherwise idle):");
        for (String name : PROJECTIONS) {
            HttpResponse<String> startedReplay = http.send(
                    HttpRequest.newBuilder(URI.create(query + "/api/admin/projections/" + name + "/replay"))
                            .header("Authorization", "Bearer " + ops)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (startedReplay.statusCode() != 202) {
                throw new IllegalStateException(name + ": " + startedReplay.statusCode() + " " + startedReplay.body());
            }
            JsonNode last;
            do {
                Thread.sleep(200);
                JsonNode view = JSON.readTree(http.send(
                                get(query + "/api/admin/projections/" + name, ops)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                last = view.get("replaying").asBoolean() ? null : view.get("lastReplay");
            } while (last == null || last.isNull());
            System.out.printf(
                    "    %-13s %8d events  %8s events/s  %s%n",
                    name,
                    last.get("events").asLong(),
                    last.get("eventsPerSecond").asString(),
                    last.get("outcome").asString());
        }
    }

    private static HttpRequest.Builder get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .GET();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
