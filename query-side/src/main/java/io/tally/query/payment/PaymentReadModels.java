package io.tally.query.payment;

import io.tally.query.order.OrderUpdates;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.projection.ReadModel;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payment projection as a replay sees it. */
@Configuration
class PaymentReadModels {

    @Bean
    ReadModel paymentsPgReadModel(OrderUpdates updates) {
        return ReadModel.tables(
                ProjectionNames.PAYMENTS_PG,
                List.of("payment_view"),
                target -> new PaymentProjector(target.writes(), updates));
    }
}
