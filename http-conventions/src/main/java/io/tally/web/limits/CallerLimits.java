package io.tally.web.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.Problems;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Per-caller limits from resilience4j: a {@link RateLimiter} (requests per second) and
 * {@link Bulkhead}s (requests, event streams and whole-log reads in progress), each caller's kept
 * in a Caffeine cache while the caller is active. A refused call gets 429 {@code too-many-requests}
 * with {@code Retry-After}; nothing waits for a permit, so a refused request holds no thread.
 */
public class CallerLimits {

    /** A permit to release when the call is over; releasing twice releases once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private record Caller(RateLimiter rate, Bulkhead requests, Bulkhead streams, Bulkhead heavy) {}

    private final LimitProperties properties;
    private final Cache<String, Caller> callers = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30))
            .maximumSize(100_000)
            .build();
    private final Bulkhead allStreams;
    private final Bulkhead allHeavy;

    public CallerLimits(LimitProperties properties) {
        this.properties = properties;
        this.allStreams = bulkhead("streams", properties.streams());
        this.allHeavy = bulkhead("heavy", properties.heavy());
    }

    public LimitProperties properties() {
        return properties;
    }

    /** A request of {@code caller}: one of its requests per second, one of its requests at once. */
    public Permit request(String caller) {
        Caller limits = of(caller);
        if (!limits.rate().acquirePermission()) {
            throw tooMany(
                    "more than " + properties.requestsPerSecond() + " requests a second from this caller",
                    Duration.ofSeconds(1));
        }
        return take(
                limits.requests(),
                null,
                "more than " + properties.concurrentRequests() + " requests of this caller at once");
    }

    /** An event stream of {@code caller}, counted against its own and everyone's open streams. */
    public Permit stream(String caller) {
        return take(
                of(caller).streams(),
                allStreams,
                "more than " + properties.streamsPerCaller() + " open event streams of this caller, or "
                        + properties.streams() + " in all; close one first");
    }

    /** A whole-log export or verification of {@code caller}. */
    public Permit heavy(String caller) {
        return take(
                of(caller).heavy(),
                allHeavy,
                "a whole-log export or verification of this caller is already" + " running (at most "
                        + properties.heavyPerCaller() + " each, " + properties.heavy() + " in all)");
    }

    private Permit take(Bulkhead own, Bulkhead shared, String refusal) {
        if (!own.tryAcquirePermission()) {
            throw tooMany(refusal, Duration.ofSeconds(1));
        }
        if (shared != null && !shared.tryAcquirePermission()) {
            own.onComplete();
            throw tooMany(refusal, Duration.ofSeconds(1));
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                own.onComplete();
                if (shared != null) {
                    shared.onComplete();
                }
            }
        };
    }

    private Caller of(String caller) {
        return callers.get(
                caller,
                name -> new Caller(
                        RateLimiter.of(
                                "rate:" + name,
                                RateLimiterConfig.custom()
                                        .limitForPeriod(properties.requestsPerSecond())
                                        .limitRefreshPeriod(Duration.ofSeconds(1))
                                        .timeoutDuration(Duration.ZERO)
                                        .build()),
                        bulkhead("requests:" + name, properties.concurrentRequests()),
                        bulkhead("streams:" + name, properties.streamsPerCaller()),
                        bulkhead("heavy:" + name, properties.heavyPerCaller())));
    }

    private static Bulkhead bulkhead(String name, int permits) {
        return Bulkhead.of(
                name,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(permits)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
    }

    public static ApiProblemException tooMany(String detail, Duration retryAfter) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
                detail + "; retry after " + retryAfter.toSeconds() + " s");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
        return new ApiProblemException(problem, headers);
    }
}
