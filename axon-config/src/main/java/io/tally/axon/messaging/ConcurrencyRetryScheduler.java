package io.tally.axon.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries a command only when it lost an optimistic-concurrency race: another instance appended
 * to the same aggregate first, nothing of this attempt was stored, and the retry decides again on
 * the new state (an If-Match version then answers 412). Business refusals and every other failure
 * are answered at once. A hot aggregate written through several instances at once can lose
 * several races in a row, hence up to ten retries (about a second in all at worst). Each retry is
 * counted as {@code tally_commands_concurrency_retries_total}, tagged with the command's name.
 */
class ConcurrencyRetryScheduler implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final MeterRegistry meters;

    ConcurrencyRetryScheduler(ScheduledExecutorService executor, int maxRetries, MeterRegistry meters) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.meters = meters;
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable commandDispatch) {
        if (!(lastFailure instanceof ConcurrencyException) || failures.size() > maxRetries) {
            return false;
        }
        // jittered and growing, so two instances that keep colliding on one hot aggregate drift apart
        long base = Math.min(200L, 5L << Math.min(failures.size(), 6));
        long backOff = base + ThreadLocalRandom.current().nextLong(base);
        Counter.builder("tally.commands.concurrency.retries")
                .description("Commands sent again because they lost an optimistic-concurrency race")
                .tag(
                        "command",
                        commandMessage
                                .getCommandName()
                                .substring(commandMessage.getCommandName().lastIndexOf('.') + 1))
                .register(meters)
                .increment();
        executor.schedule(commandDispatch, backOff, TimeUnit.MILLISECONDS);
        return true;
    }
}
