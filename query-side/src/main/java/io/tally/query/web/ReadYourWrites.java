package io.tally.query.web;

import io.tally.web.ApiProblemException;
import io.tally.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code minVersion}: waits (at most five seconds) until a read model has caught up with the
 * version a client just wrote, then answers; otherwise 409 {@code not-yet-consistent}.
 */
public final class ReadYourWrites {

    public static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private ReadYourWrites() {
    }

    /**
     * The answer of a single-aggregate read: waits for {@code minVersion}, 404 {@code not-found}
     * with {@code notFound} as detail when there is nothing, else 200 with the version as ETag.
     */
    public static <T> ResponseEntity<T> answer(Long minVersion, Supplier<Optional<T>> read, ToLongFunction<T> version,
                                               String notFound) {
        T view = await(minVersion, read, version).orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND,
                "not-found", "Not found", notFound));
        return ResponseEntity.ok().eTag(String.valueOf(version.applyAsLong(view))).body(view);
    }

    public static <T> Optional<T> await(Long minVersion, Supplier<Optional<T>> read, ToLongFunction<T> version) {
        Optional<T> current = read.get();
        if (minVersion == null) {
            return current;
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        long pause = 5;
        while (current.map(v -> version.applyAsLong(v) < minVersion).orElse(true)) {
            if (System.nanoTime() > deadline) {
                ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "not-yet-consistent",
                        "Not yet consistent", "the read model has not reached version " + minVersion
                                + " within " + MAX_WAIT.toSeconds() + " s; retry");
                problem.setProperty("version", current.map(version::applyAsLong).orElse(null));
                problem.setProperty("minVersion", minVersion);
                throw new ApiProblemException(problem, HttpHeaders.EMPTY);
            }
            sleep(pause);
            pause = Math.min(pause * 2, 100);
            current = read.get();
        }
        return current;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        }
    }
}
