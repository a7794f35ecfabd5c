package io.tally.command.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.axon.audit.SealRefused;
import io.tally.axon.audit.Seals;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes the global log into seals every {@code tally.audit.seal-interval}; an advisory lock in
 * PostgreSQL lets one instance at a time do it, so several instances never fork the seal chain.
 * With Axon Server as the event store there is no PostgreSQL log to seal and this does nothing.
 * Without a signing key or the event MAC key command-side refuses to start: an unsealed log would
 * be a silent gap.
 * <p>
 * A run the sealer refuses ({@link SealRefused}: an event it did not append, a witness that
 * disagrees) is an alert, not a retry to log quietly: an error line, the counter
 * {@code tally_audit_seal_refusals_total{reason}}, the gauge {@code tally_audit_seal_refused} at 1
 * and this health indicator ({@code sealer}, in the {@code audit} group) down until a run succeeds.
 * Commands are still taken: an attacker who can insert a row must not be able to stop the service.
 */
@Component("sealer")
class SealSchedule implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SealSchedule.class);

    private record Refused(String reason, Long globalIndex, String message, Instant at) {}

    private final Seals seals;
    private final MeterRegistry meters;
    private final AtomicReference<Refused> refused = new AtomicReference<>();

    SealSchedule(ObjectProvider<Seals> seals, MeterRegistry meters) {
        this.seals = seals.getIfAvailable();
        this.meters = meters;
        if (this.seals != null && !this.seals.canSeal()) {
            throw new IllegalStateException("no seal signing key at tally.audit.seal-private-key"
                    + " (TALLY_SEAL_PRIVATE_KEY) or no event MAC key at tally.audit.event-mac-key"
                    + " (TALLY_EVENT_MAC_KEY): command-side does not start with a log nobody seals;"
                    + " ./tally up creates them under .tally/keys");
        }
        Gauge.builder("tally.audit.seal.refused", refused, r -> r.get() == null ? 0 : 1)
                .description("1 while the sealer refuses to seal (docs/audit.md, \"When the sealer refuses\")")
                .register(meters);
    }

    @Scheduled(
            fixedDelayString = "${tally.audit.seal-interval:PT1M}",
            initialDelayString = "${tally.audit.seal-interval:PT1M}")
    void seal() {
        if (seals == null) {
            return;
        }
        try {
            seals.sealNow();
            if (refused.getAndSet(null) != null) {
                log.warn("sealing resumed");
            }
        } catch (SealRefused e) {
            refused.set(new Refused(e.reason(), e.globalIndex(), e.getMessage(), Instant.now()));
            Counter.builder("tally.audit.seal.refusals")
                    .tag("reason", e.reason())
                    .description("seal runs refused: an event not appended by this service, a witness that disagrees")
                    .register(meters)
                    .increment();
            log.error("ALERT {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("sealing the event log failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public Health health() {
        Refused now = refused.get();
        if (now == null) {
            return Health.up().build();
        }
        Health.Builder down = Health.down()
                .withDetail("reason", now.reason())
                .withDetail("since", now.at().toString());
        if (now.globalIndex() != null) {
            down.withDetail("globalIndex", now.globalIndex());
        }
        return down.build();
    }
}
