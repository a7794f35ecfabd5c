package io.tally.query.analytics;

import io.tally.api.analytics.RevenueBucket;
import io.tally.api.analytics.RevenueReport;
import io.tally.api.analytics.TopProductView;
import io.tally.query.console.ConsoleController;
import io.tally.query.web.Futures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysts' revenue page: revenue per day, week or month and currency as a chart and a table,
 * and the top products; the API's analytics queries with its defaults (the last 30 days).
 */
@ConsoleController
class AnalyticsConsole {

    private final QueryGateway queries;
    private final JsonMapper json;

    AnalyticsConsole(QueryGateway queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GetMapping("/console/analytics")
    String analytics(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "day") String interval,
            @RequestParam(required = false) String currency,
            Model model) {
        String wanted =
                currency == null || currency.isBlank() ? null : currency.trim().toUpperCase(java.util.Locale.ROOT);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("interval", interval);
        model.addAttribute("currency", wanted == null ? "" : wanted);
        RevenueReport report = Futures.join(queries.query(
                AnalyticsController.revenueQuery(blank(from), blank(to), interval, wanted), RevenueReport.class));
        List<TopProductView> top = Futures.join(queries.query(
                AnalyticsController.topProductsQuery(blank(from), blank(to), 10),
                ResponseTypes.multipleInstancesOf(TopProductView.class)));
        model.addAttribute("report", report);
        model.addAttribute("top", top);
        model.addAttribute("chart", json.writeValueAsString(chart(report)));
        return "console/analytics";
    }

    /** The chart's data: one series of net revenue a currency, in major units, over the buckets' starts. */
    static Map<String, Object> chart(RevenueReport report) {
        TreeSet<String> starts = new TreeSet<>();
        TreeSet<String> currencies = new TreeSet<>();
        for (RevenueBucket bucket : report.buckets()) {
            starts.add(bucket.start().toString().substring(0, 10));
            currencies.add(bucket.currency());
        }
        List<String> labels = new ArrayList<>(starts);
        List<Map<String, Object>> series = new ArrayList<>();
        for (String currency : currencies) {
            Map<String, BigDecimal> byStart = new LinkedHashMap<>();
            for (RevenueBucket bucket : report.buckets()) {
                if (bucket.currency().equals(currency)) {
                    byStart.put(
                            bucket.start().toString().substring(0, 10),
                            major(bucket.net().amount(), currency));
                }
            }
            series.add(Map.of(
                    "name",
                    currency,
                    "data",
                    labels.stream()
                            .map(label -> byStart.getOrDefault(label, BigDecimal.ZERO))
                            .toList()));
        }
        return Map.of("labels", labels, "series", series);
    }

    /** Minor units as a decimal in major units, exactly (no floating point). */
    static BigDecimal major(long amount, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(amount, digits);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
