package io.tally.query.order;

import io.tally.api.common.Money;
import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.FindOrdersQuery;
import io.tally.api.order.OrderPage;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderTotals;
import io.tally.api.order.OrderView;
import io.tally.api.payment.PaymentStatus;
import io.tally.axon.privacy.PersonalData;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers order queries from {@code order_view}, with the payment's status from {@code payment_view}. */
@Component
class OrderQueries {

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PersonalData personalData;
    private final PageTotals totals = new PageTotals(System::nanoTime);

    OrderQueries(JdbcClient jdbc, JsonMapper json, PersonalData personalData) {
        this.jdbc = jdbc;
        this.json = json;
        this.personalData = personalData;
    }

    /** Sort fields clients may name, and the column each one sorts by. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "placedAt", "o.placed_at",
            "updatedAt", "o.updated_at",
            "total", "o.total",
            "status", "o.status",
            "customerId", "o.customer_id",
            "orderId", "o.order_id");

    private static final String SELECT = """
            SELECT o.*, o.lines::text AS lines_json, p.status AS payment_status
              FROM order_view o LEFT JOIN payment_view p ON p.payment_id = o.payment_id""";

    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return jdbc.sql(SELECT + " WHERE o.order_id = :orderId")
                   .param("orderId", query.orderId())
                   .query(this::view)
                   .optional()
                   .map(view -> opened(List.of(view)).get(0));
    }

    @QueryHandler
    OrderPage handle(FindOrdersQuery query) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (!query.statuses().isEmpty()) {
            conditions.add("o.status IN (:statuses)");
            params.put("statuses", query.statuses().stream().map(Enum::name).toList());
        }
        if (query.customerId() != null) {
            conditions.add("o.customer_id = :customerId");
            params.put("customerId", query.customerId());
        }
        if (query.placedFrom() != null) {
            conditions.add("o.placed_at >= :placedFrom");
            params.put("placedFrom", query.placedFrom().atOffset(ZoneOffset.UTC));
        }
        if (query.placedTo() != null) {
            conditions.add("o.placed_at < :placedTo");
            params.put("placedTo", query.placedTo().atOffset(ZoneOffset.UTC));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String order = " ORDER BY " + SORT_COLUMNS.getOrDefault(query.sortField(), "o.placed_at")
                       + (query.ascending() ? " ASC" : " DESC") + ", o.order_id ASC";
        List<OrderView> items = jdbc.sql(SELECT + where + order + " LIMIT :size OFFSET :offset")
                                    .params(params)
                                    .param("size", query.size())
                                    .param("offset", (long) query.page() * query.size())
                                    .query(this::view)
                                    .list();
        long total = totals.total(where + params, query.page(), query.size(), items.size(),
                () -> jdbc.sql("SELECT count(*) FROM order_view o" + where).params(params).query(Long.class).single());
        return new OrderPage(opened(items), query.page(), query.size(), total);
    }

    /**
     * The rows keep the customer's name and email sealed as the event has them; they are opened
     * here, at read time, so an erasure shows in every answer from the moment the key is gone.
     */
    private List<OrderView> opened(List<OrderView> views) {
        List<PersonalData.Sealed> sealed = new ArrayList<>();
        for (OrderView view : views) {
            sealed.add(new PersonalData.Sealed(view.customerId(), view.customerName()));
            sealed.add(new PersonalData.Sealed(view.customerId(), view.customerEmail()));
        }
        Map<String, String> opened = personalData.openAll(sealed);
        return views.stream().map(view -> view.withCustomer(opened.get(view.customerName()),
                opened.get(view.customerEmail()))).toList();
    }

    private OrderView view(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        String paymentStatus = rs.getString("payment_status");
        return new OrderView(
                rs.getString("order_id"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getString("customer_id"),
                rs.getString("customer_name"),
                rs.getString("customer_email"),
                currency,
                json.readValue(rs.getString("lines_json"), LINES),
                new OrderTotals(Money.of(rs.getLong("subtotal"), currency),
                        Money.of(rs.getLong("discount"), currency), Money.of(rs.getLong("tax"), currency),
                        Money.of(rs.getLong("total"), currency)),
                rs.getString("discount_code"),
                rs.getString("payment_id"),
                paymentStatus == null ? null : PaymentStatus.valueOf(paymentStatus),
                rs.getString("reason"),
                rs.getLong("version"),
                rs.getTimestamp("placed_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
