package io.tally.axon.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void aBrokenLockDeadlockOrAConcurrentAppendIsRetriedNotSkipped() {
        assertThat(TransientFailures.isTransient(new DeadlockException("a deadlock between two sagas was broken")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new CommandExecutionException(
                        "reserve failed", new ConcurrencyException("the item was appended to by another instance"))))
                .isTrue();
    }

    @Test
    void aStoreOutOfReachIsTransient() {
        assertThat(TransientFailures.isTransient(new IllegalStateException(
                        "query failed", new UncheckedIOException(new IOException("connection refused")))))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new JdbcException("statement", new SQLException("Connection is closed"))))
                .as("a pooled connection PostgreSQL dropped, in Axon's wrapper")
                .isTrue();
    }

    @Test
    void aFailureOfTheEventItselfIsNot() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("no reservation for ord_1")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new CommandExecutionException("refused", null)))
                .isFalse();
    }
}
