package io.tally.tools.replay;

import io.tally.dev.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./tally replay NAME}: asks the query side to replay one projection (as {@code ops-cli},
 * role OPS) and draws its progress until the copy is swapped in; exits 0 when it was.
 */
public final class ReplayMain {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int WIDTH = 30;

    private ReplayMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ./tally replay orders-pg|orders-es|payments-pg|inventory-pg|inventory-es");
            System.exit(2);
        }
        String name = args[0];
        String base = "http://localhost:" + System.getenv("TALLY_QUERY_PORT") + "/api/admin/projections/" + name;
        String token = Tokens.loadOrCreate(Path.of(System.getenv("TALLY_KEYS_DIR")))
                .mint("ops-cli", List.of("OPS"), Duration.ofHours(1));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(URI.create(base + "/replay"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("tally replay: " + started.statusCode() + " " + started.body());
            System.exit(1);
        }
        System.err.println("Replaying " + name + " into a copy; queries keep answering from the current one.");
        while (true) {
            Thread.sleep(500);
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("\ntally replay: " + response.statusCode() + " " + response.body());
                System.exit(1);
            }
            JsonNode view = JSON.readTree(response.body());
            if (view.get("replaying").asBoolean()) {
                System.err.print("\r" + bar(view));
                continue;
            }
            JsonNode last = view.get("lastReplay");
            if (last == null || last.isNull()) {
                continue;
            }
            System.err.print("\r" + bar(view) + "\n");
            if ("swapped".equals(last.get("outcome").asString())) {
                System.out.printf(
                        "%s: swapped in, %d events in %.1f s (%s events/s)%n",
                        name,
                        last.get("events").asLong(),
                        Duration.between(
                                                java.time.Instant.parse(
                                                        last.get("startedAt").asString()),
                                                java.time.Instant.parse(
                                                        last.get("finishedAt").asString()))
                                        .toMillis()
                                / 1000.0,
                        last.get("eventsPerSecond").asString());
                System.exit(0);
            }
            System.out.println(name + ": replay failed: " + last.get("detail").asString(""));
            System.exit(1);
        }
    }

    private static String bar(JsonNode view) {
        double progress = view.get("progress").asDouble();
        int filled = (int) Math.round(progress * WIDTH);
        JsonNode eta = view.get("etaSeconds");
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", Math.round(progress * 100)) + "  head "
                + view.get("head").asLong()
                + (eta == null || eta.isNull() ? "" : "  ETA " + eta.asLong() + " s") + "   ";
    }
}
