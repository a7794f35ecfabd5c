package io.tally.query.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.api.analytics.FindRevenueQuery;
import io.tally.api.analytics.FindTopProductsQuery;
import io.tally.api.analytics.RevenueInterval;
import io.tally.api.analytics.RevenueReport;
import io.tally.api.analytics.TopProductView;
import io.tally.api.common.Money;
import io.tally.query.web.Futures;
import io.tally.query.web.QueryParameters;
import io.tally.web.problem.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Without {@code to}, reports end now; without {@code from}, they start 30 days before {@code to}. */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final QueryGateway queries;

    AnalyticsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(operationId = "getRevenue", summary = "Revenue by day, week or month")
    @GetMapping("/revenue")
    RevenueReport revenue(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "day") String interval,
            @RequestParam(required = false) String currency) {
        return Futures.join(queries.query(revenueQuery(from, to, interval, currency), RevenueReport.class));
    }

    /** The revenue query these parameters ask for, checked as the API checks them (the console asks it too). */
    static FindRevenueQuery revenueQuery(String from, String to, String interval, String currency) {
        Instant[] range = range(from, to);
        RevenueInterval unit = interval(interval);
        if (RevenueIntervals.count(range[0], range[1], unit) > RevenueIntervals.MAX_BUCKETS) {
            throw new InvalidRequestException(
                    "interval",
                    "the range holds more than " + RevenueIntervals.MAX_BUCKETS
                            + " intervals; choose a longer interval or a shorter range");
        }
        if (currency != null && !Money.isIsoCurrency(currency)) {
            throw new InvalidRequestException("currency", "must be an ISO-4217 code such as EUR");
        }
        return new FindRevenueQuery(range[0], range[1], unit, currency);
    }

    @Operation(operationId = "getTopProducts", summary = "Best-selling products")
    @GetMapping("/top-products")
    List<TopProductView> topProducts(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "10") @Min(1) @Max(500) int limit) {
        return Futures.join(queries.query(
                topProductsQuery(from, to, limit), ResponseTypes.multipleInstancesOf(TopProductView.class)));
    }

    static FindTopProductsQuery topProductsQuery(String from, String to, int limit) {
        Instant[] range = range(from, to);
        return new FindTopProductsQuery(range[0], range[1], limit);
    }

    private static Instant[] range(String fromParam, String toParam) {
        Instant to = QueryParameters.to("to", toParam);
        Instant from = QueryParameters.from("from", fromParam);
        if (to == null) {
            to = from == null || from.isBefore(Instant.now()) ? Instant.now() : from.plus(DEFAULT_RANGE);
        }
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        QueryParameters.requireOrdered("from", from, "to", to);
        return new Instant[] {from, to};
    }

    private static RevenueInterval interval(String value) {
        try {
            return RevenueInterval.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("interval", "must be one of day, week, month; not '" + value + "'");
        }
    }
}
