package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tally check} over everything the end-to-end run did before it (it runs late): every
 * invariant holds and the read models equal the log. A read-model row changed behind the
 * projection's back is reported, by name.
 */
@Order(Integer.MAX_VALUE - 1)
class InvariantCheckEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void theWholeRunKeepsEveryInvariantAndAChangedRowIsFound() throws Exception {
        String orderId = system.placeOrder("cus_check", stocked(), "EUR", "tok_visa");
        system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED");
        StringBuilder report = new StringBuilder();
        assertThat(check(report)).as(report.toString()).isTrue();
        assertThat(report).contains("ALL INVARIANTS HOLD");

        try (Connection db =
                DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(), system.stores.password())) {
            update(db, "UPDATE tally_query.order_view SET status = 'SHIPPED' WHERE order_id = ?", orderId);
            try {
                StringBuilder broken = new StringBuilder();
                assertThat(check(broken)).as(broken.toString()).isFalse();
                assertThat(broken)
                        .contains(
                                "read model order_view equals the log",
                                "BROKEN 1x",
                                orderId,
                                "row SHIPPED",
                                "log CONFIRMED");
            } finally {
                update(db, "UPDATE tally_query.order_view SET status = 'CONFIRMED' WHERE order_id = ?", orderId);
            }
            try (PreparedStatement query =
                    db.prepareStatement("SELECT status FROM tally_query.order_view WHERE order_id = ?")) {
                query.setString(1, orderId);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo("CONFIRMED");
                }
            }
        }
    }

    private static String stocked() throws Exception {
        String sku = "CHECK-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 700, 0, 3);
        return sku;
    }

    private static boolean check(StringBuilder report) throws Exception {
        return system.checkInvariants(report);
    }

    private static void update(Connection db, String sql, String orderId) throws Exception {
        try (PreparedStatement update = db.prepareStatement(sql)) {
            update.setString(1, orderId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
