package io.tally.query.payment;

import io.tally.api.common.Money;
import io.tally.api.payment.FindPaymentQuery;
import io.tally.api.payment.PaymentDetailsView;
import io.tally.api.payment.PaymentStatus;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class PaymentQueries {

    private final JdbcClient jdbc;

    PaymentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<PaymentDetailsView> handle(FindPaymentQuery query) {
        return jdbc.sql("SELECT * FROM payment_view WHERE payment_id = :paymentId")
                .param("paymentId", query.paymentId())
                .query((rs, row) -> {
                    String currency = rs.getString("currency");
                    return new PaymentDetailsView(
                            rs.getString("payment_id"),
                            rs.getString("order_id"),
                            PaymentStatus.valueOf(rs.getString("status")),
                            Money.of(rs.getLong("authorized"), currency),
                            Money.of(rs.getLong("captured"), currency),
                            Money.of(rs.getLong("refunded"), currency),
                            rs.getString("decline_code"),
                            rs.getBoolean("timed_out"),
                            rs.getLong("version"),
                            rs.getTimestamp("updated_at").toInstant());
                })
                .optional();
    }
}
