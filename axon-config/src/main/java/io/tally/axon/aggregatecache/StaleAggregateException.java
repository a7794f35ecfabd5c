package io.tally.axon.aggregatecache;

import org.axonframework.modelling.command.ConcurrencyException;

/**
 * A command was decided on a cached aggregate that another instance has appended to since: a lost
 * race, retried on the stored state like one ({@link CachedAggregateCheck}).
 */
public final class StaleAggregateException extends ConcurrencyException {

    StaleAggregateException(String aggregate, long served, long stored) {
        super("aggregate " + aggregate + " was served from this instance's cache at version " + served
                + " while the store holds version " + stored);
    }
}
