package io.tally.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which failures mean "a store is down" (503 with Retry-After, batch retried) and which do not. */
class StoreFailuresTest {

    @Test
    void connectionFailuresHoweverWrappedAreAStoreBeingDown() {
        assertThat(StoreFailures.isStoreUnavailable(new CannotGetJdbcConnectionException("no pool")))
                .isTrue();
        assertThat(StoreFailures.isStoreUnavailable(
                        new RuntimeException("statement", new SQLException("Connection is closed"))))
                .as("a pooled connection PostgreSQL dropped")
                .isTrue();
        assertThat(StoreFailures.isStoreUnavailable(
                        new IllegalStateException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(StoreFailures.isStoreUnavailable(new SQLException("refused", "08001")))
                .isTrue();
        assertThat(StoreFailures.isStoreUnavailable(
                        new RuntimeException(new UncheckedIOException(new ConnectException("Connection refused")))))
                .isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(StoreFailures.isStoreUnavailable(new IllegalArgumentException("bad")))
                .isFalse();
        assertThat(StoreFailures.isStoreUnavailable(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(StoreFailures.isStoreUnavailable(new SQLException("syntax"))).isFalse();
    }
}
