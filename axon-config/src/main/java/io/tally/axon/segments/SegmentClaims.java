package io.tally.axon.segments;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the segment claims this process has made (and the resets, initialisations and
 * deletions of tokens): the token store tells it of each ({@link DeferredTokenStore}). A writer that
 * remembers what it last wrote (the search writers) may trust that copy only while no claim was
 * made since: until then its segments were its own and nobody else wrote their rows; after one, a
 * segment may have moved and come back, or a replay may have swapped its read model underneath
 * (a swap needs every claim released). One bean per process, given to whoever needs it.
 */
public final class SegmentClaims {

    private final AtomicLong started = new AtomicLong();

    /** Changes whenever a claim is made; equal values mean none was made in between. */
    public long epoch() {
        return started.get();
    }

    /** Called by the token store once a claim succeeded, and by whatever else hands segments over. */
    public void started() {
        started.incrementAndGet();
    }
}
