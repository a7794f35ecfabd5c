package io.tally.query.audit;

import io.tally.web.limits.CallerLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The console's whole-log verification: one at a time on this instance, in the background, so the
 * page can show how far it has got; the last one's outcome stays until the next starts. The work is
 * {@link ChainVerifier#verifyAll}, the API's own, under the caller's whole-log limit.
 */
@Component
class WholeLogVerifications {

    private static final Logger log = LoggerFactory.getLogger(WholeLogVerifications.class);

    /** One verification of the whole log: who started it, how far it got, and how it ended. */
    static final class Run {
        private final String startedBy;
        private final Instant startedAt;
        private final long events;
        private final AtomicLong checked = new AtomicLong();
        private volatile ChainVerifier.Verification outcome;
        private volatile String failure;
        private volatile Instant finishedAt;

        Run(String startedBy, Instant startedAt, long events) {
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.events = events;
        }

        public String getStartedBy() {
            return startedBy;
        }

        public Instant getStartedAt() {
            return startedAt;
        }

        public Instant getFinishedAt() {
            return finishedAt;
        }

        public long getEvents() {
            return events;
        }

        public long getChecked() {
            return checked.get();
        }

        public boolean isRunning() {
            return finishedAt == null;
        }

        public ChainVerifier.Verification getOutcome() {
            return outcome;
        }

        public String getFailure() {
            return failure;
        }

        /** 0..1 of the events checked; the seals are checked after the last event, in moments. */
        public double getProgress() {
            return events == 0 ? (isRunning() ? 0 : 1) : Math.min(1, checked.get() / (double) events);
        }

        /** Seconds left at the rate so far, or null before there is one. */
        public Long getEtaSeconds() {
            long done = checked.get();
            if (!isRunning() || done == 0) {
                return null;
            }
            double seconds = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
            return Math.round(Math.max(0, events - done) / (done / seconds));
        }
    }

    private final ChainVerifier verifier;
    private final JdbcClient jdbc;
    private final String table;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "whole-log-verification");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Run last;

    WholeLogVerifications(ChainVerifier verifier, JdbcClient jdbc, AuditLog auditLog) {
        this.verifier = verifier;
        this.jdbc = jdbc;
        this.table = auditLog.table();
    }

    Optional<Run> last() {
        return Optional.ofNullable(last);
    }

    /**
     * Starts a verification unless one runs (then answers that one); {@code permit} is the caller's
     * whole-log limit, released when the verification ends.
     */
    synchronized Run start(String caller, CallerLimits.Permit permit) {
        Run running = last;
        if (running != null && running.isRunning()) {
            permit.close();
            return running;
        }
        long events;
        try {
            events = jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        Run run = new Run(caller, Instant.now(), events);
        last = run;
        worker.execute(() -> {
            try (permit) {
                run.outcome = verifier.verifyAll(Optional.empty(), run.checked::set);
            } catch (RuntimeException e) {
                log.error("the whole-log verification failed", e);
                run.failure = "The verification could not finish: " + e.getMessage();
            } finally {
                run.finishedAt = Instant.now();
            }
        });
        return run;
    }
}
