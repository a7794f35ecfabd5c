package io.tally.command.audit;

import io.tally.axon.audit.Seals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes the global log into seals every {@code tally.audit.seal-interval}; an advisory lock in
 * PostgreSQL lets one instance at a time do it, so several instances never fork the seal chain.
 * With Axon Server as the event store there is no PostgreSQL log to seal and this does nothing.
 * Without a signing key command-side refuses to start: an unsealed log would be a silent gap.
 */
@Component
class SealSchedule {

    private static final Logger log = LoggerFactory.getLogger(SealSchedule.class);

    private final Seals seals;

    SealSchedule(ObjectProvider<Seals> seals) {
        this.seals = seals.getIfAvailable();
        if (this.seals != null && !this.seals.canSeal()) {
            throw new IllegalStateException("no seal signing key at tally.audit.seal-private-key"
                    + " (TALLY_SEAL_PRIVATE_KEY): command-side does not start with a log nobody seals;"
                    + " ./tally up creates a key pair under .tally/keys");
        }
    }

    @Scheduled(fixedDelayString = "${tally.audit.seal-interval:PT1M}",
               initialDelayString = "${tally.audit.seal-interval:PT1M}")
    void seal() {
        if (seals == null) {
            return;
        }
        try {
            seals.sealNow();
        } catch (RuntimeException e) {
            log.warn("sealing the event log failed, will retry: {}", e.getMessage());
        }
    }
}
