package io.tally.query.consistency;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReadModelSignalTest {

    @Test
    void aCommitOfTheWatchedAggregateWakesItsReader() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_1")) {
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> awaitQuietly(watch, 5_000));
            Thread.sleep(50);
            ReadModelSignal.changed("orders-pg", List.of("ord_1"));
            assertThat(woken.get(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void commitsOfOtherAggregatesOrOtherProjectionsLetItWait() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_2")) {
            ReadModelSignal.changed("orders-pg", List.of("ord_3"));
            ReadModelSignal.changed("payments-pg", List.of("ord_2"));
            assertThat(watch.await(100)).isFalse();
        }
    }

    @Test
    void aCommitBetweenWatchingAndWaitingIsNotMissed() throws Exception {
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch("orders-pg", "ord_4")) {
            ReadModelSignal.changed("orders-pg", List.of("ord_4"));
            assertThat(watch.await(1)).isTrue();
            assertThat(watch.await(1)).as("each commit wakes once").isFalse();
        }
    }

    @Test
    void aClosedWatchIsForgotten() throws Exception {
        ReadModelSignal.Watch first = ReadModelSignal.watch("orders-pg", "ord_5");
        try (ReadModelSignal.Watch second = ReadModelSignal.watch("orders-pg", "ord_5")) {
            first.close();
            ReadModelSignal.changed("orders-pg", List.of("ord_5"));
            assertThat(first.await(1)).isFalse();
            assertThat(second.await(1)).isTrue();
        }
    }

    private static boolean awaitQuietly(ReadModelSignal.Watch watch, long millis) {
        try {
            return watch.await(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
