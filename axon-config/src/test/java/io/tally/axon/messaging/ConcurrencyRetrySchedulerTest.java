package io.tally.axon.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyRetrySchedulerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrencyRetryScheduler scheduler = new ConcurrencyRetryScheduler(executor, 3, meters);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("reserve");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static List<Class<? extends Throwable>[]> failures(int count) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            @SuppressWarnings("unchecked")
            Class<? extends Throwable>[] chain = new Class[] {ConcurrencyException.class};
            failures.add(chain);
        }
        return failures;
    }

    @Test
    void retriesALostConcurrencyRace() throws InterruptedException {
        CountDownLatch dispatched = new CountDownLatch(1);
        boolean scheduled = scheduler.scheduleRetry(
                command, new ConcurrencyException("lost the race"), failures(1), dispatched::countDown);
        assertThat(scheduled).isTrue();
        assertThat(dispatched.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.counter("tally.commands.concurrency.retries", "command", "String")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void givesUpAfterThreeRetries() {
        assertThat(scheduler.scheduleRetry(command, new ConcurrencyException("again"), failures(4), () -> {}))
                .isFalse();
    }

    @Test
    void neverRetriesABusinessRefusalOrAnyOtherFailure() {
        assertThat(scheduler.scheduleRetry(
                        command, new IllegalStateException("insufficient stock"), failures(1), () -> {}))
                .isFalse();
        assertThat(meters.find("tally.commands.concurrency.retries").counters()).isEmpty();
    }
}
