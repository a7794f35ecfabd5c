package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The compose deployment's observability, checked with a real Prometheus (Debian's package):
 * {@code docker/prometheus/prometheus.yml} with its two targets pointed at the running services
 * scrapes them, and every query of every Grafana dashboard in {@code docker/grafana/dashboards}
 * answers data through Prometheus's HTTP API, so no panel names a metric that does not exist.
 * Grafana itself cannot be installed here. One query is photographed in Prometheus's own graph
 * page with headless Chromium ({@code target/screenshots/prometheus-graph.png}, copied to
 * {@code docs/images}).
 */
class PrometheusDashboardEndToEndTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path REPO = Path.of("..");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningSystem system;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        assertThat(PROMETHEUS)
                .as("Prometheus (Debian's package 'prometheus'; ./tally test installs it when run as root)")
                .isExecutable();
        system = RunningSystem.get();
        String compose = Files.readString(REPO.resolve("docker/prometheus/prometheus.yml"));
        assertThat(compose)
                .contains("\"command-side:9080\"", "\"query-side:9081\"", "metrics_path: /actuator/prometheus");
        // the compose file as it is, only its targets and interval changed for this run
        String config = compose.replace("command-side:9080", "127.0.0.1:" + system.commandPort)
                .replace("query-side:9081", "127.0.0.1:" + system.queryPort)
                .replaceAll("(scrape|evaluation)_interval: \\d+s", "$1_interval: 1s");
        Path home = Files.createDirectories(Path.of("target", "prometheus-" + UUID.randomUUID()));
        Path file = Files.writeString(home.resolve("prometheus.yml"), config);
        prometheusPort = RunningSystem.freePort();
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + file.toAbsolutePath(),
                        "--storage.tsdb.path=" + home.resolve("data").toAbsolutePath(),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(RunningSystem.logOf("prometheus").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void everyDashboardQueryAnswersDataFromTheComposeScrapeConfiguration() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).as("queries in docker/grafana/dashboards").hasSizeGreaterThanOrEqualTo(15);
        await().alias("Prometheus scrapes both services")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(values("up{job=\"tally\"} == 1"))
                        .as("targets up")
                        .hasSize(2));

        // traffic for every kind of panel: commands handled and refused, events projected, a saga run
        String sku = "prom-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1250, 0, 5);
        for (int i = 0; i < 3; i++) {
            system.awaitOrderStatus(
                    system.placeOrder("cus_prom", sku, "EUR", "tok_visa"), Duration.ofSeconds(30), "CONFIRMED");
        }
        String orderId = system.placeOrder("cus_prom", sku, "EUR", "tok_visa");
        system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED");
        String shipment = "{\"carrier\":\"DHL\",\"trackingNumber\":\"PROM-1\"}";
        assertThat(system.command("POST", "/api/orders/" + orderId + "/ship", shipment)
                        .statusCode())
                .isEqualTo(200);
        assertThat(system.command("POST", "/api/orders/" + orderId + "/ship", shipment)
                        .statusCode())
                .as("shipping twice is refused by the aggregate, a failed command for the failure panel")
                .isEqualTo(422);
        assertThat(system.query("/api/orders/" + orderId + "?minVersion=1", "ANALYST")
                        .statusCode())
                .isEqualTo(200);

        List<String> empty = new ArrayList<>();
        await().alias("every dashboard query answers data")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    empty.clear();
                    for (Map.Entry<String, String> query : queries.entrySet()) {
                        if (values(query.getValue()).isEmpty()) {
                            empty.add(query.getKey() + ": " + query.getValue());
                        }
                    }
                    assertThat(empty).as("panels whose query answers nothing").isEmpty();
                });
        // a sanity check that an empty answer is caught: a metric nobody exports
        assertThat(values("tally_metric_that_does_not_exist_total")).isEmpty();

        screenshot("sum by (payloadType) (rate(commandBus_successCounter_total[1m]))");
    }

    /** Every panel target of every dashboard file, keyed by dashboard, panel and refId. */
    private static Map<String, String> dashboardQueries() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        String datasource = Files.readString(REPO.resolve("docker/grafana/provisioning/datasources/prometheus.yml"));
        try (Stream<Path> files = Files.list(REPO.resolve("docker/grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = RunningSystem.JSON.readTree(file.toFile());
                for (JsonNode panel : dashboard.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String uid = target.path("datasource").path("uid").asString();
                        assertThat(datasource)
                                .as(panel.get("title") + " uses a provisioned datasource")
                                .contains("uid: " + uid);
                        queries.put(
                                file.getFileName() + " / " + panel.get("title").asString() + " / "
                                        + target.get("refId").asString(),
                                target.get("expr").asString());
                    }
                }
            }
        }
        return queries;
    }

    /** The series an instant query answers. */
    private static List<JsonNode> values(String query) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheusUrl() + "/api/v1/query?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .GET()
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        JsonNode answer = RunningSystem.JSON.readTree(response.body());
        assertThat(answer.get("status").asString()).isEqualTo("success");
        List<JsonNode> series = new ArrayList<>();
        answer.get("data").get("result").forEach(series::add);
        return series;
    }

    private static String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    /** Prometheus's graph page for the query, as headless Chromium renders it. */
    private static void screenshot(String query) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            System.err.println("Chromium is not installed: no screenshot of Prometheus's graph page");
            return;
        }
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Path shot = shots.resolve("prometheus-graph.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Path profile = Files.createTempDirectory("chromium-");
        String url = prometheusUrl() + "/graph?g0.expr=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&g0.tab=0&g0.range_input=1m";
        Process chromium = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--window-size=1400,900",
                        "--run-all-compositor-stages-before-draw",
                        "--virtual-time-budget=20000",
                        "--screenshot=" + shot,
                        url)
                .redirectErrorStream(true)
                .redirectOutput(RunningSystem.logOf("chromium-prometheus").toFile())
                .start();
        if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
            chromium.destroyForcibly().waitFor();
        }
        assertThat(shot).as("Chromium's screenshot of " + url).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
