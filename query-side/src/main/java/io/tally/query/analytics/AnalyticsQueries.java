package io.tally.query.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import io.tally.api.analytics.FindRevenueQuery;
import io.tally.api.analytics.FindTopProductsQuery;
import io.tally.api.analytics.RevenueBucket;
import io.tally.api.analytics.RevenueReport;
import io.tally.api.analytics.TopProductView;
import io.tally.api.common.Money;
import io.tally.api.order.OrderStatus;
import io.tally.query.order.OrderIndex;
import io.tally.query.search.ElasticsearchReads;
import io.tally.query.search.IndexNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Revenue and top products from the {@code orders} index. A sale is an order that was confirmed
 * or shipped; rejected and cancelled orders never took money. Sales count in the interval they
 * were placed in, refunds in the interval they were made in. Sums are Elasticsearch aggregations
 * over {@code long} minor units (exact up to 2^53 per bucket).
 */
@Component
class AnalyticsQueries {

    static final List<String> SALES = List.of(OrderStatus.CONFIRMED.name(), OrderStatus.SHIPPED.name());

    private final ElasticsearchClient client;
    private final String alias;

    AnalyticsQueries(ElasticsearchClient client, IndexNames indices) {
        this.client = client;
        this.alias = indices.alias(OrderIndex.ALIAS);
    }

    @QueryHandler
    RevenueReport handle(FindRevenueQuery query) {
        CalendarInterval interval = switch (query.interval()) {
            case DAY -> CalendarInterval.Day;
            case WEEK -> CalendarInterval.Week;
            case MONTH -> CalendarInterval.Month;
        };
        Map<String, Map<Instant, long[]>> series = new TreeMap<>();
        SearchResponse<Void> sales = search(
                OrderIndex.placedOrders(currency(query.currency()), SALES, query.from(), query.to())
                        .build(),
                s -> s.aggregations(
                        "currency",
                        a -> a.terms(t -> t.field("currency").size(500))
                                .aggregations(
                                        "interval",
                                        h -> h.dateHistogram(d -> d.field("placedAt")
                                                        .calendarInterval(interval)
                                                        .minDocCount(1))
                                                .aggregations("gross", sum -> sum.sum(m -> m.field("total")))
                                                .aggregations("tax", sum -> sum.sum(m -> m.field("tax"))))));
        for (StringTermsBucket currency : terms(sales.aggregations().get("currency"))) {
            for (DateHistogramBucket bucket : currency.aggregations()
                    .get("interval")
                    .dateHistogram()
                    .buckets()
                    .array()) {
                long[] sums = cell(series, currency.key().stringValue(), Instant.ofEpochMilli(bucket.key()));
                sums[0] = bucket.docCount();
                sums[1] = ElasticsearchReads.exactSum(
                        bucket.aggregations().get("gross").sum().value());
                sums[2] = ElasticsearchReads.exactSum(
                        bucket.aggregations().get("tax").sum().value());
            }
        }
        Query refundsInRange = Query.of(q -> q.range(r -> r.date(d ->
                d.field("refunds.at").gte(query.from().toString()).lt(query.to().toString()))));
        BoolQuery.Builder refunded = OrderIndex.placedOrders(currency(query.currency()), List.of(), null, null)
                .filter(f -> f.nested(n -> n.path("refunds").query(refundsInRange)));
        SearchResponse<Void> refunds = search(
                refunded.build(),
                s -> s.aggregations(
                        "currency",
                        a -> a.terms(t -> t.field("currency").size(500))
                                .aggregations(
                                        "refunds",
                                        n -> n.nested(x -> x.path("refunds"))
                                                .aggregations(
                                                        "inRange",
                                                        f -> f.filter(refundsInRange)
                                                                .aggregations(
                                                                        "interval",
                                                                        h -> h.dateHistogram(d -> d.field("refunds.at")
                                                                                        .calendarInterval(interval)
                                                                                        .minDocCount(1))
                                                                                .aggregations(
                                                                                        "amount",
                                                                                        sum -> sum.sum(
                                                                                                m -> m.field(
                                                                                                        "refunds.amount"))))))));
        for (StringTermsBucket currency : terms(refunds.aggregations().get("currency"))) {
            Aggregate inRange = currency.aggregations()
                    .get("refunds")
                    .nested()
                    .aggregations()
                    .get("inRange");
            for (DateHistogramBucket bucket : inRange.filter()
                    .aggregations()
                    .get("interval")
                    .dateHistogram()
                    .buckets()
                    .array()) {
                cell(series, currency.key().stringValue(), Instant.ofEpochMilli(bucket.key()))[3] =
                        ElasticsearchReads.exactSum(
                                bucket.aggregations().get("amount").sum().value());
            }
        }
        if (query.currency() != null) {
            series.computeIfAbsent(query.currency(), c -> new TreeMap<>());
        }
        List<RevenueBucket> buckets = new ArrayList<>();
        List<Instant> starts = RevenueIntervals.starts(query.from(), query.to(), query.interval());
        series.forEach((currency, cells) -> {
            for (Instant start : starts) {
                long[] sums = cells.getOrDefault(start, new long[4]);
                buckets.add(new RevenueBucket(
                        start,
                        currency,
                        sums[0],
                        Money.of(sums[1], currency),
                        Money.of(sums[2], currency),
                        Money.of(sums[3], currency),
                        Money.of(Math.subtractExact(sums[1], sums[3]), currency)));
            }
        });
        return new RevenueReport(query.from(), query.to(), query.interval(), query.currency(), buckets);
    }

    @QueryHandler
    List<TopProductView> handle(FindTopProductsQuery query) {
        SearchResponse<Void> response = search(
                OrderIndex.placedOrders(new BoolQuery.Builder(), SALES, query.from(), query.to())
                        .build(),
                s -> s.aggregations(
                        "lines",
                        a -> a.nested(n -> n.path("lines"))
                                .aggregations(
                                        "sku",
                                        t -> t.terms(terms -> terms.field("lines.sku")
                                                        .size(query.limit())
                                                        .order(List.of(
                                                                NamedValue.of("units", SortOrder.Desc),
                                                                NamedValue.of("_key", SortOrder.Asc))))
                                                .aggregations("units", sum -> sum.sum(m -> m.field("lines.quantity")))
                                                .aggregations("gross", sum -> sum.sum(m -> m.field("lines.gross")))
                                                .aggregations(
                                                        "name",
                                                        n -> n.terms(x -> x.field("lines.name")
                                                                .size(1)))
                                                .aggregations(
                                                        "currency",
                                                        n -> n.terms(x -> x.field("lines.currency")
                                                                .size(1))))));
        List<TopProductView> top = new ArrayList<>();
        Aggregate lines = response.aggregations().get("lines");
        if (lines == null) {
            return top;
        }
        for (StringTermsBucket sku : terms(lines.nested().aggregations().get("sku"))) {
            String name = terms(sku.aggregations().get("name")).get(0).key().stringValue();
            String currency =
                    terms(sku.aggregations().get("currency")).get(0).key().stringValue();
            top.add(new TopProductView(
                    sku.key().stringValue(),
                    name,
                    ElasticsearchReads.exactSum(
                            sku.aggregations().get("units").sum().value()),
                    Money.of(
                            ElasticsearchReads.exactSum(
                                    sku.aggregations().get("gross").sum().value()),
                            currency)));
        }
        return top;
    }

    private static BoolQuery.Builder currency(String currency) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (currency != null) {
            bool.filter(f -> f.term(t -> t.field("currency").value(FieldValue.of(currency))));
        }
        return bool;
    }

    private SearchResponse<Void> search(
            BoolQuery filter,
            java.util.function.UnaryOperator<co.elastic.clients.elasticsearch.core.SearchRequest.Builder>
                    aggregations) {
        return ElasticsearchReads.read(() -> client.search(
                s -> aggregations.apply(s.index(alias)
                        .ignoreUnavailable(true)
                        .allowNoIndices(true)
                        .size(0)
                        .query(q -> q.bool(filter))),
                Void.class));
    }

    private static List<StringTermsBucket> terms(Aggregate aggregate) {
        return aggregate == null ? List.of() : aggregate.sterms().buckets().array();
    }

    private static long[] cell(Map<String, Map<Instant, long[]>> series, String currency, Instant start) {
        return series.computeIfAbsent(currency, c -> new TreeMap<>()).computeIfAbsent(start, s -> new long[4]);
    }
}
