package io.tally.query.order;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import java.time.Instant;
import java.util.List;

/** The {@code orders} Elasticsearch index that search and analytics read: its alias, mapping and base filter. */
public final class OrderIndex {

    public static final String ALIAS = "orders";
    /** What full-text search matches: customer name and email, product names, order id. */
    static final String EVERYTHING = "everything";

    private OrderIndex() {}

    /** Placed orders (the index may hold a payment's events ahead of its order's) in a status and time range. */
    public static BoolQuery.Builder placedOrders(
            BoolQuery.Builder bool, List<String> statuses, Instant from, Instant to) {
        bool.filter(f -> f.exists(e -> e.field("placedAt")));
        if (!statuses.isEmpty()) {
            List<FieldValue> values = statuses.stream().map(FieldValue::of).toList();
            bool.filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(values))));
        }
        if (from != null || to != null) {
            bool.filter(f -> f.range(r -> r.date(d -> {
                d.field("placedAt");
                if (from != null) {
                    d.gte(from.toString());
                }
                if (to != null) {
                    d.lt(to.toString());
                }
                return d;
            })));
        }
        return bool;
    }

    static TypeMapping.Builder mapping(TypeMapping.Builder mapping) {
        return mapping.dynamic(DynamicMapping.Strict)
                .properties("orderId", p -> p.keyword(k -> k.copyTo(EVERYTHING)))
                .properties(EVERYTHING, p -> p.text(t -> t))
                .properties("customerId", p -> p.keyword(k -> k))
                .properties(
                        "customerName",
                        p -> p.text(t -> t.copyTo(EVERYTHING).fields("keyword", f -> f.keyword(k -> k))))
                .properties(
                        "customerEmail",
                        p -> p.text(t -> t.copyTo(EVERYTHING).fields("keyword", f -> f.keyword(k -> k))))
                .properties("currency", p -> p.keyword(k -> k))
                .properties("status", p -> p.keyword(k -> k))
                .properties("reason", p -> p.text(t -> t))
                .properties("discountCode", p -> p.keyword(k -> k))
                .properties("subtotal", p -> p.long_(l -> l))
                .properties("discount", p -> p.long_(l -> l))
                .properties("tax", p -> p.long_(l -> l))
                .properties("total", p -> p.long_(l -> l))
                .properties("paymentId", p -> p.keyword(k -> k))
                .properties("paymentStatus", p -> p.keyword(k -> k))
                .properties("refunded", p -> p.long_(l -> l))
                .properties(
                        "lines",
                        p -> p.nested(n -> n.properties("sku", q -> q.keyword(k -> k))
                                .properties("name", q -> q.keyword(k -> k))
                                .properties("quantity", q -> q.long_(l -> l))
                                .properties("unitPrice", q -> q.long_(l -> l))
                                .properties("gross", q -> q.long_(l -> l))
                                .properties("tax", q -> q.long_(l -> l))
                                .properties("currency", q -> q.keyword(k -> k))))
                .properties("products", p -> p.text(t -> t.copyTo(EVERYTHING)))
                .properties(
                        "refunds",
                        p -> p.nested(n -> n.properties("refundId", q -> q.keyword(k -> k))
                                .properties("at", q -> q.date(d -> d))
                                .properties("amount", q -> q.long_(l -> l))))
                .properties("placedAt", p -> p.date(d -> d))
                .properties("updatedAt", p -> p.date(d -> d))
                .properties("orderVersion", p -> p.long_(l -> l))
                .properties("paymentVersion", p -> p.long_(l -> l));
    }
}
