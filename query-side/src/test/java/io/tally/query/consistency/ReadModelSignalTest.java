package io.tally.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadModelSignalTest {

    @Test
    void aCommitOfTheWatchedAggregateWakesItsReader() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_1")) {
            CompletableFuture<OptionalLong> woken = CompletableFuture.supplyAsync(() -> awaitQuietly(watch, 5_000));
            Thread.sleep(50);
            ReadModelSignal.changed("orders-pg", Map.of("ord_1", 3L));
            assertThat(woken.get(2, TimeUnit.SECONDS))
                    .as("woken with the version committed")
                    .hasValue(3);
        }
    }

    @Test
    void commitsOfOtherAggregatesOrOtherProjectionsLetItWait() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_2")) {
            ReadModelSignal.changed("orders-pg", Map.of("ord_3", 1L));
            ReadModelSignal.changed("payments-pg", Map.of("ord_2", 1L));
            assertThat(watch.await(100)).isEmpty();
        }
    }

    @Test
    void aCommitBetweenWatchingAndWaitingIsNotMissed() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_4")) {
            ReadModelSignal.changed("orders-pg", Map.of("ord_4", 2L));
            ReadModelSignal.changed("orders-pg", Map.of("ord_4", 1L));
            assertThat(watch.await(1))
                    .as("the newest of the commits since the last wake-up")
                    .hasValue(2);
            assertThat(watch.await(1)).as("each commit wakes once").isEmpty();
        }
    }

    @Test
    void aClosedWatchIsForgotten() throws Exception {
        ReadModelSignal.Watch first = ReadModelSignal.watch("orders-pg", "ord_5");
        try (ReadModelSignal.Watch second = ReadModelSignal.watch("orders-pg", "ord_5")) {
            first.close();
            ReadModelSignal.changed("orders-pg", Map.of("ord_5", 0L));
            assertThat(first.await(1)).isEmpty();
            assertThat(second.await(1)).hasValue(0);
        }
    }

    private static OptionalLong awaitQuietly(ReadModelSignal.Watch watch, long millis) {
        try {
            return watch.await(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
