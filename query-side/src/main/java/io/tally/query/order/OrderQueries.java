package io.tally.query.order;

import io.tally.api.common.Money;
import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderTotals;
import io.tally.api.order.OrderView;
import io.tally.api.payment.PaymentStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;

/** Answers order queries from {@code order_view}, with the payment's status from {@code payment_view}. */
@Component
class OrderQueries {

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return jdbc.sql("""
                        SELECT o.*, o.lines::text AS lines_json, p.status AS payment_status
                          FROM order_view o LEFT JOIN payment_view p ON p.payment_id = o.payment_id
                         WHERE o.order_id = :orderId""")
                   .param("orderId", query.orderId())
                   .query((rs, row) -> {
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
                   })
                   .optional();
    }
}
