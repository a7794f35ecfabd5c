package io.tally.axon.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * An aggregate's stored events include one this service did not append (no MAC, a MAC the append
 * key did not make, or a hash that is not its fields'): the aggregate is not built from it, and
 * the command fails (500, nothing stored) rather than acting on a forged history.
 */
public class UnauthenticatedEventException extends EventStoreException {

    public UnauthenticatedEventException(String aggregateId, long globalIndex, String reason) {
        super("aggregate " + aggregateId + ": its event at global index " + globalIndex + " is " + reason
                + " (not appended by this service); refused");
    }
}
