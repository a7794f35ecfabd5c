package io.tally.query.web;

import io.tally.web.ApiProblemException;
import io.tally.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code minVersion}: waits (at most five seconds) until a read model has caught up with the
 * version a client just wrote, then answers; otherwise 409 {@code not-yet-consistent}. A waiting
 * read is woken by {@link ReadModelSignal} when a projection here commits, else looks every 25 ms.
 */
public final class ReadYourWrites {

    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /** Reads again this often when no projection of this instance signals (another instance projects). */
    private static final long POLL_MILLIS = 25;

    private ReadYourWrites() {
    }

    /**
     * The answer of a single-aggregate read: waits for {@code minVersion}, 404 {@code not-found}
     * with {@code notFound} as detail when there is nothing, else 200 with the version as ETag. While
     * it waits it asks {@code probe} for the row's version and reads the whole view again only once
     * the probe has reached {@code minVersion}.
     */
    public static <T> ResponseEntity<T> answer(String projection, Long minVersion, Supplier<Optional<T>> read,
                                               ToLongFunction<T> version, Supplier<OptionalLong> probe, String notFound) {
        T view = await(projection, minVersion, read, version, probe).orElseThrow(() -> new ApiProblemException(
                HttpStatus.NOT_FOUND, "not-found", "Not found", notFound));
        return ResponseEntity.ok().eTag(String.valueOf(version.applyAsLong(view))).body(view);
    }

    public static <T> Optional<T> await(String projection, Long minVersion, Supplier<Optional<T>> read,
                                        ToLongFunction<T> version, Supplier<OptionalLong> probe) {
        long seen = ReadModelSignal.generation(projection);
        Optional<T> current = read.get();
        if (minVersion == null) {
            return current;
        }
        OptionalLong reached = current.map(v -> OptionalLong.of(version.applyAsLong(v))).orElseGet(OptionalLong::empty);
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (reached.isEmpty() || reached.getAsLong() < minVersion) {
            if (System.nanoTime() > deadline) {
                ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "not-yet-consistent",
                        "Not yet consistent", "the read model has not reached version " + minVersion
                                + " within " + MAX_WAIT.toSeconds() + " s; retry");
                problem.setProperty("version", reached.isPresent() ? reached.getAsLong() : null);
                problem.setProperty("minVersion", minVersion);
                throw new ApiProblemException(problem, HttpHeaders.EMPTY);
            }
            awaitChange(projection, seen);
            seen = ReadModelSignal.generation(projection);
            reached = probe.get();
        }
        if (current.map(v -> version.applyAsLong(v) < minVersion).orElse(true)) {
            current = read.get();
        }
        return current;
    }

    /** Until {@code projection} commits something new in this instance, or one poll interval. */
    private static void awaitChange(String projection, long seen) {
        try {
            ReadModelSignal.awaitAfter(projection, seen, POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        }
    }
}
