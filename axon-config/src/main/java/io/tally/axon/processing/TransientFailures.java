package io.tally.axon.processing;

import io.tally.failures.StoreFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.common.AxonTransientException;

/**
 * Whether an event handler failed because a store is out of reach, or for a reason Axon itself
 * calls transient (a lock deadlock broken, a concurrent append to the same aggregate), rather than
 * because of the event: such a failure fails the batch, which the processor retries with back-off,
 * instead of putting the event aside (projections) or skipping the step (the saga).
 */
public final class TransientFailures {

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        if (StoreFailures.isStoreUnavailable(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof AxonTransientException) {
                return true;
            }
        }
        return false;
    }
}
