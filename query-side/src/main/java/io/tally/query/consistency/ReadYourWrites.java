package io.tally.query.consistency;

import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.Problems;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * {@code minVersion}: waits (at most five seconds) until a read model has caught up with the
 * version a client just wrote, then answers; otherwise 409 {@code not-yet-consistent}. A waiting
 * read looks at its row again when {@link ReadModelSignal} reports a commit of that aggregate's
 * events here (and reads its answer at once when the commit held the version it waits for), and on
 * its own every 25 ms while another instance may project it (every 250 ms while this instance
 * processes all the projection's segments; then a version it has not committed yet is not read
 * for until it has, and a commit of an earlier version is taken at its word, not asked again). A
 * version the event store does not hold (yet) cannot come: it is answered within
 * {@link #ASK_STORE_AFTER}, 409 with {@code storedVersion}, or 404 when there is nothing at all.
 */
public final class ReadYourWrites {

    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 25;
    private static final long POLL_MILLIS_ALL_HERE = 250;
    /** How long a read waits for its read model before it asks the event store whether the version exists. */
    static final Duration ASK_STORE_AFTER = Duration.ofMillis(100);

    private ReadYourWrites() {}

    /**
     * The answer of a single-aggregate read: waits for {@code minVersion}, 404 {@code not-found}
     * with {@code notFound} as detail when there is nothing, else 200 with the version as ETag. While
     * it waits it asks {@code probe} for the row's version and reads the whole view again only once
     * the probe has reached {@code minVersion}.
     */
    public static <T> ResponseEntity<T> answer(
            String projection,
            String aggregateId,
            Long minVersion,
            Supplier<Optional<T>> read,
            ToLongFunction<T> version,
            Supplier<OptionalLong> probe,
            Supplier<OptionalLong> stored,
            String notFound) {
        T view = await(projection, aggregateId, minVersion, read, version, probe, stored)
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", notFound));
        return ResponseEntity.ok()
                .eTag(String.valueOf(version.applyAsLong(view)))
                .body(view);
    }

    /**
     * As {@link #answer}; {@code stored} is the aggregate's newest version in the event store, asked
     * once when the read model is still behind after {@link #ASK_STORE_AFTER}: a {@code minVersion}
     * beyond it is answered then (409 with {@code storedVersion}, or empty when the store holds no
     * such aggregate), not after 5 s. A read model that catches up sooner, as it nearly always
     * does, costs the store nothing.
     */
    public static <T> Optional<T> await(
            String projection,
            String aggregateId,
            Long minVersion,
            Supplier<Optional<T>> read,
            ToLongFunction<T> version,
            Supplier<OptionalLong> probe,
            Supplier<OptionalLong> stored) {
        return await(projection, aggregateId, minVersion, read, version, probe, stored, ASK_STORE_AFTER);
    }

    static <T> Optional<T> await(
            String projection,
            String aggregateId,
            Long minVersion,
            Supplier<Optional<T>> read,
            ToLongFunction<T> version,
            Supplier<OptionalLong> probe,
            Supplier<OptionalLong> stored,
            Duration askStoreAfter) {
        if (minVersion == null) {
            return read.get();
        }
        try (ReadModelSignal.Watch watch = ReadModelSignal.watch(projection, aggregateId)) {
            OptionalLong known = ReadModelSignal.committed(projection, aggregateId);
            Optional<T> current;
            OptionalLong reached;
            if (known.isPresent() && known.getAsLong() < minVersion) {
                // committed here, and not that far yet: nothing to read until it is
                current = Optional.empty();
                reached = known;
            } else {
                current = read.get();
                reached = versionOf(current, version);
            }
            long started = System.nanoTime();
            long deadline = started + MAX_WAIT.toNanos();
            boolean storeAsked = false;
            while (reached.isEmpty() || reached.getAsLong() < minVersion) {
                if (!storeAsked && System.nanoTime() - started >= askStoreAfter.toNanos()) {
                    storeAsked = true;
                    OptionalLong inStore = stored.get();
                    if (inStore.isEmpty() || inStore.getAsLong() < minVersion) {
                        if (reached.isEmpty()) {
                            return Optional.empty();
                        }
                        ProblemDetail problem = Problems.problem(
                                HttpStatus.CONFLICT,
                                "not-yet-consistent",
                                "Not yet consistent",
                                "version " + minVersion + " does not exist: the event store holds "
                                        + (inStore.isEmpty()
                                                ? "no events of this aggregate"
                                                : "this aggregate up to version " + inStore.getAsLong())
                                        + "; nothing to wait for");
                        problem.setProperty("version", reached.getAsLong());
                        problem.setProperty("minVersion", minVersion);
                        problem.setProperty("storedVersion", inStore.isPresent() ? inStore.getAsLong() : null);
                        throw new ApiProblemException(problem, HttpHeaders.EMPTY);
                    }
                }
                if (System.nanoTime() > deadline) {
                    ProblemDetail problem = Problems.problem(
                            HttpStatus.CONFLICT,
                            "not-yet-consistent",
                            "Not yet consistent",
                            "the read model has not reached version " + minVersion + " within " + MAX_WAIT.toSeconds()
                                    + " s; retry");
                    problem.setProperty("version", reached.isPresent() ? reached.getAsLong() : null);
                    problem.setProperty("minVersion", minVersion);
                    throw new ApiProblemException(problem, HttpHeaders.EMPTY);
                }
                long signalled = awaitChange(watch, projection);
                if (signalled >= minVersion) {
                    current = read.get();
                    reached = versionOf(current, version);
                } else if (signalled >= 0 && ReadModelSignal.allSegmentsHere(projection)) {
                    // committed here, not that far yet, and nobody else writes these rows
                    reached = OptionalLong.of(signalled);
                } else {
                    reached = probe.get();
                }
            }
            if (current.map(v -> version.applyAsLong(v) < minVersion).orElse(true)) {
                current = read.get();
            }
            return current;
        }
    }

    private static <T> OptionalLong versionOf(Optional<T> view, ToLongFunction<T> version) {
        return view.map(v -> OptionalLong.of(version.applyAsLong(v))).orElseGet(OptionalLong::empty);
    }

    /** Until a commit of the aggregate's events here (its newest version), or one poll interval (-1). */
    private static long awaitChange(ReadModelSignal.Watch watch, String projection) {
        try {
            return watch.await(ReadModelSignal.allSegmentsHere(projection) ? POLL_MILLIS_ALL_HERE : POLL_MILLIS)
                    .orElse(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        }
    }
}
