package io.tally.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.web.problem.ApiProblemException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** minVersion against the event store's own version of the aggregate: wait only for what can come. */
class ReadYourWritesTest {

    private static Optional<Long> await(AtomicLong readModel, OptionalLong stored, AtomicInteger storeAsked, long min) {
        return ReadYourWrites.await(
                "test-projection",
                "agg-1",
                min,
                () -> Optional.of(readModel.get()),
                v -> v,
                () -> OptionalLong.of(readModel.get()),
                () -> {
                    storeAsked.incrementAndGet();
                    return stored;
                });
    }

    @Test
    void aVersionTheStoreHoldsIsWaitedForUntilTheReadModelHasIt() throws Exception {
        AtomicLong readModel = new AtomicLong(1);
        AtomicInteger asked = new AtomicInteger();
        Thread projector = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            readModel.set(3);
        });
        projector.start();
        assertThat(await(readModel, OptionalLong.of(3), asked, 3)).contains(3L);
        assertThat(asked.get())
                .as("the store is asked once, not on every wake-up")
                .isEqualTo(1);
        projector.join();
    }

    @Test
    void aVersionTheStoreHoldsButTheReadModelNeverReachesIs409AfterTheWait() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> await(new AtomicLong(1), OptionalLong.of(9), new AtomicInteger(), 9))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(409);
                    assertThat(e.problem().getDetail()).contains("within 5 s");
                });
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(ReadYourWrites.MAX_WAIT.toNanos());
    }

    @Test
    void aVersionBeyondTheStoreIs409AtOnceWithTheStoredVersion() {
        assertThatThrownBy(() -> await(new AtomicLong(1), OptionalLong.of(2), new AtomicInteger(), 1_000_000))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(409);
                    assertThat(e.problem().getProperties())
                            .containsEntry("storedVersion", 2L)
                            .containsEntry("version", 1L);
                });
    }

    @Test
    void aReadModelThatCatchesUpBeforeTheStoreWouldBeAskedCostsTheStoreNothing() throws Exception {
        AtomicLong readModel = new AtomicLong(1);
        AtomicInteger asked = new AtomicInteger();
        Thread projector = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            readModel.set(2);
        });
        projector.start();
        assertThat(ReadYourWrites.await(
                        "test-projection",
                        "agg-1",
                        2L,
                        () -> Optional.of(readModel.get()),
                        v -> v,
                        () -> OptionalLong.of(readModel.get()),
                        () -> {
                            asked.incrementAndGet();
                            return OptionalLong.of(2);
                        },
                        ReadYourWrites.MAX_WAIT))
                .contains(2L);
        assertThat(asked.get()).isZero();
        projector.join();
    }

    @Test
    void nothingInTheReadModelNorTheStoreIsEmptyOnceTheStoreIsAsked() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(ReadYourWrites.await(
                        "test-projection", "agg-1", 0L, Optional::<Long>empty, v -> v, OptionalLong::empty, () -> {
                            asked.incrementAndGet();
                            return OptionalLong.empty();
                        }))
                .isEmpty();
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void aCommitOfTheVersionWaitedForIsReadWithoutAskingTheRowsVersionFirst() throws Exception {
        ReadModelSignal.allSegmentsHere("signalled-projection", true);
        Counted counted = awaitCommittedLater("signalled-projection", "agg-1", 1, 3);
        assertThat(counted.answer()).contains(3L);
        assertThat(counted.probes()).isZero();
        assertThat(counted.reads())
                .as("before the wait, and once the version is committed")
                .isEqualTo(2);
    }

    @Test
    void aVersionNotCommittedHereYetIsNotReadForUntilItIs() throws Exception {
        ReadModelSignal.allSegmentsHere("known-projection", true);
        ReadModelSignal.changed("known-projection", Map.of("agg-9", 1L));
        Counted counted = awaitCommittedLater("known-projection", "agg-9", 1, 2);
        assertThat(counted.answer()).contains(2L);
        assertThat(counted.probes()).isZero();
        assertThat(counted.reads()).as("once, when version 2 was committed").isEqualTo(1);
    }

    @Test
    void aCommitOfAnEarlierVersionHereIsTakenAtItsWord() throws Exception {
        ReadModelSignal.allSegmentsHere("stepwise-projection", true);
        AtomicLong readModel = new AtomicLong(-1);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        Thread projector = new Thread(() -> {
            try {
                for (long committed = 0; committed <= 2; committed++) {
                    Thread.sleep(30);
                    readModel.set(committed);
                    ReadModelSignal.changed("stepwise-projection", Map.of("agg-5", committed));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        projector.start();
        Optional<Long> answer = ReadYourWrites.await(
                "stepwise-projection",
                "agg-5",
                2L,
                () -> {
                    reads.incrementAndGet();
                    return readModel.get() < 0 ? Optional.empty() : Optional.of(readModel.get());
                },
                v -> v,
                () -> {
                    probes.incrementAndGet();
                    return readModel.get() < 0 ? OptionalLong.empty() : OptionalLong.of(readModel.get());
                },
                () -> OptionalLong.of(2),
                ReadYourWrites.MAX_WAIT);
        projector.join();

        assertThat(answer).contains(2L);
        assertThat(probes.get())
                .as("versions 0 and 1 were signalled, not asked for")
                .isZero();
        assertThat(reads.get())
                .as("before the wait, and once version 2 was committed")
                .isEqualTo(2);
    }

    /** What a wait for {@code version} answered, and how often it read the row and asked its version. */
    private record Counted(Optional<Long> answer, int reads, int probes) {}

    /** Waits for {@code version} while a projector commits it 50 ms later (the row at {@code from} till then). */
    private static Counted awaitCommittedLater(String projection, String aggregate, long from, long version)
            throws Exception {
        AtomicLong readModel = new AtomicLong(from);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        Thread projector = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            readModel.set(version);
            ReadModelSignal.changed(projection, Map.of(aggregate, version));
        });
        projector.start();
        Optional<Long> answer = ReadYourWrites.await(
                projection,
                aggregate,
                version,
                () -> {
                    reads.incrementAndGet();
                    return Optional.of(readModel.get());
                },
                v -> v,
                () -> {
                    probes.incrementAndGet();
                    return OptionalLong.of(readModel.get());
                },
                () -> OptionalLong.of(version),
                ReadYourWrites.MAX_WAIT);
        projector.join();
        return new Counted(answer, reads.get(), probes.get());
    }

    @Test
    void aReachedVersionNeverAsksTheStore() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(await(new AtomicLong(5), OptionalLong.of(5), asked, 4)).contains(5L);
        assertThat(asked.get()).isZero();
    }
}
