package io.tally.bench;

import static io.tally.bench.BenchMain.env;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./tally bench console [ROUNDS] [--orders N]}: how fast the console's pages answer on the
 * store as it is, or with read models of N orders. Signs in with the dev accounts (the embedded default, {@code ./tally up}), then asks every
 * page a person opens daily ROUNDS times (after five rounds of warm-up), one request at a time, and
 * prints each page's median, p95 and slowest time against the 200 ms target, with the store's size
 * and the run's steal time. The whole-log verification is left out: it reads the whole log by
 * design and has its own benchmark ({@code ./tally bench audit}).
 * <p>
 * With {@code --orders N} and fewer orders in the store, the order read models (PostgreSQL's
 * {@code order_view} and Elasticsearch's {@code orders} index, all that the list, search and revenue
 * pages read) get copies of the projected orders under new ids ({@code ord_synthetic_...}, placed a
 * day further back for each round of copies) until they hold N; the copies are deleted when the
 * run ends. The event log is left as it is: the audit pages read one stream by its id and do not
 * grow with the number of orders.
 */
public final class ConsoleBenchmark {

    static final long TARGET_MILLIS = 200;
    private static final Pattern MATCHED =
            Pattern.compile("Full-text search in Elasticsearch: <strong>(\\d+)</strong>");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** The dev sign-in secret ./tally up made and printed. */
    private static final String DEV_SECRET = devSecret();

    private static String devSecret() {
        String given = System.getenv("TALLY_CONSOLE_DEV_SECRET");
        java.nio.file.Path file = java.nio.file.Path.of(".tally", "keys", "console-dev-secret");
        try {
            return given != null
                    ? given
                    : java.nio.file.Files.exists(file)
                            ? java.nio.file.Files.readString(file).trim()
                            : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        long wanted = 0;
        int flag = arguments.indexOf("--orders");
        if (flag >= 0) {
            wanted = Long.parseLong(arguments.get(flag + 1));
            arguments.subList(flag, flag + 2).clear();
        }
        int rounds = arguments.isEmpty() ? 50 : Integer.parseInt(arguments.get(0));
        String elasticsearch = env("TALLY_ES_URL", "http://127.0.0.1:19200");
        String alias = env("TALLY_ES_INDEX_PREFIX", "") + "orders";
        String base = "http://localhost:" + env("TALLY_QUERY_PORT", "8081");
        String dbUrl = env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
        long orders;
        String orderId;
        String word;
        try (Connection db = DriverManager.getConnection(
                        dbUrl, env("TALLY_DB_USER", "postgres"), env("TALLY_DB_PASSWORD", ""));
                Statement sql = db.createStatement()) {
            orders = single(
                    sql,
                    "SELECT count(*) FROM tally_query.order_view WHERE order_id NOT LIKE '" + SyntheticOrders.PREFIX
                            + "%'");
            try (ResultSet row = sql.executeQuery(
                    "SELECT order_id FROM tally_query.order_view" + " WHERE status = 'SHIPPED' AND order_id NOT LIKE '"
                            + SyntheticOrders.PREFIX + "%' ORDER BY placed_at DESC LIMIT 1")) {
                if (!row.next()) {
                    throw new IllegalStateException("no shipped order in the store: run ./tally bench first");
                }
                orderId = row.getString(1);
            }
            // the search's worst case: the first word of the product most orders hold
            try (ResultSet row = sql.executeQuery("SELECT line ->> 'name' FROM tally_query.order_view,"
                    + " jsonb_array_elements(lines) line GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")) {
                word = row.next() ? row.getString(1).split("\\s+")[0] : "order";
            }
        }
        // copies an interrupted run left behind go first
        SyntheticOrders.remove(dbUrl, elasticsearch, alias);
        long copies = 0;
        if (wanted > orders) {
            copies = SyntheticOrders.add(dbUrl, elasticsearch, alias, wanted - orders);
        }
        try {
            measure(base, orderId, word, orders, copies, rounds);
        } finally {
            if (copies > 0) {
                SyntheticOrders.remove(dbUrl, elasticsearch, alias);
            }
        }
    }

    private static void measure(String base, String orderId, String word, long orders, long copies, int rounds)
            throws Exception {
        String id = URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put(
                "analyst",
                List.of(
                        "/console",
                        "/console/orders",
                        "/console/orders?status=CONFIRMED&sort=total,desc&page=3",
                        "/console/orders?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8),
                        "/console/orders/" + id,
                        "/console/analytics",
                        "/console/analytics?interval=month"));
        pages.put(
                "auditor",
                List.of(
                        "/console/audit",
                        "/console/audit/streams/order/" + id,
                        "/console/audit/streams/order/" + id + "/state?sequence=0&compareSequence=2",
                        "/console/audit/verify?aggregateType=order&aggregateId=" + id,
                        "/console/audit/seals"));
        pages.put("operator", List.of("/console/projections"));

        System.out.printf(
                "Tally console benchmark: %d orders in the store%s, %d rounds after 5 of warm-up, one request"
                        + " at a time, %s%n",
                orders + copies,
                copies == 0
                        ? ""
                        : String.format(
                                " (%d projected from the log and" + " %d synthetic copies in the order read models)",
                                orders, copies),
                rounds,
                Instant.now());
        long[] before = WorkPerOrder.hostTicks();
        Map<String, long[]> timings = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> role : pages.entrySet()) {
            HttpClient browser = signIn(base, role.getKey());
            for (String page : role.getValue()) {
                long[] nanos = new long[rounds];
                for (int i = -5; i < rounds; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = browser.send(
                            HttpRequest.newBuilder(URI.create(base + page))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - start;
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(page + " answered " + answer.statusCode());
                    }
                    if (i >= 0) {
                        nanos[i] = took;
                    }
                }
                timings.put(role.getKey() + " " + page, nanos);
                Matcher matched = MATCHED.matcher(browser.send(
                                HttpRequest.newBuilder(URI.create(base + page)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                if (page.contains("?q=") && matched.find()) {
                    System.out.printf("  the search for '%s' matches %s orders%n", word, matched.group(1));
                }
            }
        }
        double steal = WorkPerOrder.steal(before, WorkPerOrder.hostTicks());
        System.out.printf("  %-100s %8s %8s %8s%n", "page", "p50 ms", "p95 ms", "max ms");
        List<Long> all = new ArrayList<>();
        int over = 0;
        for (Map.Entry<String, long[]> page : timings.entrySet()) {
            long[] sorted = page.getValue().clone();
            Arrays.sort(sorted);
            for (long n : sorted) {
                all.add(n);
            }
            double p95 = millis(percentile(sorted, 0.95));
            over += p95 > TARGET_MILLIS ? 1 : 0;
            System.out.printf(
                    "  %-100s %8.1f %8.1f %8.1f%n",
                    abbreviate(page.getKey()), millis(percentile(sorted, 0.5)), p95, millis(sorted[sorted.length - 1]));
        }
        long[] every = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "  all pages: p50 %.1f ms, p95 %.1f ms; pages with p95 over %d ms: %d of %d%n",
                millis(percentile(every, 0.5)), millis(percentile(every, 0.95)), TARGET_MILLIS, over, timings.size());
        System.out.printf(
                "  steal over the run: %.1f %%%s%n",
                steal * 100, steal > 0.05 ? " (above 5 %: the figures are not to be trusted)" : "");
    }

    /** A cookie jar signed in as the dev account {@code account}. */
    private static HttpClient signIn(String base, String account) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = CSRF.matcher(page);
        if (!page.contains("name=\"account\"") || !csrf.find()) {
            throw new IllegalStateException("no dev accounts on " + base + "/console/sign-in: the console benchmark"
                    + " signs in in dev mode (./tally up)");
        }
        HttpResponse<String> signedIn = client.send(
                HttpRequest.newBuilder(URI.create(base + "/console/sign-in/dev"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("account=" + account + "&secret="
                                + URLEncoder.encode(DEV_SECRET, StandardCharsets.UTF_8) + "&_csrf="
                                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) {
            throw new IllegalStateException("signing in as " + account + " answered " + signedIn.statusCode());
        }
        return client;
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String abbreviate(String page) {
        return page.length() <= 100 ? page : page.substring(0, 97) + "...";
    }
}
