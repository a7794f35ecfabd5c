package io.tally.query.order;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tally.api.common.Money;
import io.tally.api.order.OrderSearchHit;
import io.tally.api.order.OrderSearchPage;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.SearchOrdersQuery;
import io.tally.api.payment.PaymentStatus;
import io.tally.query.search.ElasticsearchReads;
import io.tally.query.search.IndexNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers order searches from the {@code orders} Elasticsearch index. */
@Component
class OrderSearchQueries {

    /** Sort fields clients may name, and the index field each one sorts by. */
    static final Map<String, String> SORT_FIELDS = Map.of(
            "placedAt", "placedAt",
            "updatedAt", "updatedAt",
            "total", "total",
            "status", "status",
            "customerName", "customerName.keyword",
            "orderId", "orderId");

    private final ElasticsearchClient client;
    private final String alias;

    OrderSearchQueries(ElasticsearchClient client, IndexNames indices) {
        this.client = client;
        this.alias = indices.alias(OrderIndex.ALIAS);
    }

    @QueryHandler
    OrderSearchPage handle(SearchOrdersQuery query) {
        List<String> statuses = query.statuses().stream().map(Enum::name).toList();
        BoolQuery.Builder bool =
                OrderIndex.placedOrders(new BoolQuery.Builder(), statuses, query.placedFrom(), query.placedTo());
        boolean fullText = query.q() != null && !query.q().isBlank();
        if (fullText) {
            bool.must(m -> m.bool(any -> any.should(s -> s.term(
                            t -> t.field("orderId").value(query.q().trim()).boost(10f)))
                    .should(s -> s.multiMatch(mm -> mm.query(query.q())
                            .type(TextQueryType.BoolPrefix)
                            .fields(OrderIndex.EVERYTHING)
                            .operator(Operator.And)))
                    .minimumShouldMatch("1")));
        }
        Query search = Query.of(q -> q.bool(bool.build()));
        String sortField = query.sortField() == null ? null : SORT_FIELDS.get(query.sortField());
        SortOrder direction = query.ascending() ? SortOrder.Asc : SortOrder.Desc;
        SearchResponse<OrderDocument> response = ElasticsearchReads.read(() -> client.search(
                s -> {
                    s.index(alias)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(search)
                            .from(query.page() * query.size())
                            .size(query.size())
                            .trackTotalHits(t -> t.enabled(true))
                            .aggregations(
                                    "status",
                                    a -> a.terms(t -> t.field("status").size(OrderStatus.values().length)))
                            .aggregations(
                                    "currency",
                                    a -> a.terms(t -> t.field("currency").size(500)));
                    if (sortField != null) {
                        s.sort(o -> o.field(f -> f.field(sortField).order(direction)));
                    } else if (fullText) {
                        s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
                    } else {
                        s.sort(o -> o.field(f -> f.field("placedAt").order(SortOrder.Desc)));
                    }
                    s.sort(o -> o.field(f -> f.field("orderId").order(SortOrder.Asc)));
                    if (fullText) {
                        // encoder html: Elasticsearch escapes the stored text before it wraps the matches, so a
                        // customer named <img onerror=...> comes back as &lt;img ...&gt; around <em> tags only
                        s.highlight(h -> h.requireFieldMatch(false)
                                .encoder(HighlighterEncoder.Html)
                                .preTags("<em>")
                                .postTags("</em>")
                                .fields("customerName", f -> f.numberOfFragments(0))
                                .fields("customerEmail", f -> f.numberOfFragments(0))
                                .fields("products", f -> f.numberOfFragments(0))
                                .fields("orderId", f -> f.numberOfFragments(0)));
                    }
                    return s;
                },
                OrderDocument.class));
        List<OrderSearchHit> items =
                response.hits().hits().stream().map(OrderSearchQueries::hit).toList();
        long total =
                response.hits().total() == null ? 0 : response.hits().total().value();
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        facets.put("status", counts(response, "status"));
        facets.put("currency", counts(response, "currency"));
        return new OrderSearchPage(items, query.page(), query.size(), total, facets);
    }

    private static Map<String, Long> counts(SearchResponse<OrderDocument> response, String name) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (response.aggregations() == null || !response.aggregations().containsKey(name)) {
            return counts;
        }
        for (StringTermsBucket bucket :
                response.aggregations().get(name).sterms().buckets().array()) {
            counts.put(bucket.key().stringValue(), bucket.docCount());
        }
        return counts;
    }

    private static OrderSearchHit hit(Hit<OrderDocument> hit) {
        OrderDocument doc = hit.source();
        return new OrderSearchHit(
                doc.orderId(),
                OrderStatus.valueOf(doc.status()),
                doc.customerId(),
                doc.customerName(),
                doc.customerEmail(),
                doc.products(),
                Money.of(doc.total(), doc.currency()),
                doc.paymentStatus() == null ? null : PaymentStatus.valueOf(doc.paymentStatus()),
                Instant.parse(doc.placedAt()),
                Instant.parse(doc.updatedAt()),
                hit.score() == null || hit.score().isNaN() ? null : hit.score(),
                hit.highlight() == null || hit.highlight().isEmpty() ? Map.of() : hit.highlight());
    }
}
