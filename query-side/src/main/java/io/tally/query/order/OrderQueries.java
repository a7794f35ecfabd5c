package io.tally.query.order;

import io.tally.api.common.Money;
import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.FindOrdersQuery;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPage;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderTotals;
import io.tally.api.order.OrderView;
import io.tally.api.payment.PaymentStatus;
import io.tally.axon.privacy.PersonalData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Answers order queries from {@code order_view}, with the payment's status from {@code payment_view}. */
@Component
class OrderQueries {

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PersonalData personalData;
    private final String one;
    private final PageTotals totals = new PageTotals(System::nanoTime);

    OrderQueries(JdbcClient jdbc, JsonMapper json, PersonalData personalData) {
        this.jdbc = jdbc;
        this.json = json;
        this.personalData = personalData;
        // the name and the email are sealed with the same customer key
        this.one = """
                SELECT o.*, o.lines::text AS lines_json, p.status AS payment_status,
                       k.key_id AS pii_key_id, k.data_key AS pii_data_key
                  FROM order_view o LEFT JOIN payment_view p ON p.payment_id = o.payment_id
                """ + personalData.keyJoin("k", "o.customer_name") + " WHERE o.order_id = :orderId";
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

    /**
     * One order, its customer's data key joined in the same statement: the most frequent read (apps
     * follow each order with {@code minVersion}) costs one round trip, and an erased key shows at once.
     */
    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return jdbc.sql(one)
                .param("orderId", query.orderId())
                .query((rs, row) -> {
                    OrderView view = view(rs, row);
                    String emailKey = PersonalData.keyId(view.customerEmail());
                    if (emailKey != null && !emailKey.equals(PersonalData.keyId(view.customerName()))) {
                        return opened(List.of(view)).get(0); // not one key for both: look both up
                    }
                    String keyId = rs.getString("pii_key_id");
                    Map<String, byte[]> keys = keyId == null ? Map.of() : Map.of(keyId, rs.getBytes("pii_data_key"));
                    Map<String, String> opened = personalData.openWith(
                            List.of(
                                    new PersonalData.Sealed(view.customerId(), view.customerName()),
                                    new PersonalData.Sealed(view.customerId(), view.customerEmail())),
                            keys);
                    return view.withCustomer(opened.get(view.customerName()), opened.get(view.customerEmail()));
                })
                .optional();
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
        long total = totals.total(
                where + params,
                query.page(),
                query.size(),
                items.size(),
                () -> jdbc.sql("SELECT count(*) FROM order_view o" + where)
                        .params(params)
                        .query(Long.class)
                        .single());
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
        return views.stream()
                .map(view -> view.withCustomer(opened.get(view.customerName()), opened.get(view.customerEmail())))
                .toList();
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
                new OrderTotals(
                        Money.of(rs.getLong("subtotal"), currency),
                        Money.of(rs.getLong("discount"), currency),
                        Money.of(rs.getLong("tax"), currency),
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
