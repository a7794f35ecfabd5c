package io.tally.axon.processing;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The token store, writing less often for events a segment skips. A tracking processor stores its
 * token after every batch it handles, inside that batch's transaction (written at once, as
 * before), and also after every batch in which nothing was for its segment, in a transaction of
 * its own: with several projections of two segments each, that was a dozen synchronous commits for
 * every event appended, the largest share of PostgreSQL's work under load (docs/benchmarks.md).
 * <p>
 * Here a token stored outside a unit of work is written at most every {@link #DEFER_NANOS} per
 * segment; in between it is kept and written with the next claim extension or release. A crash
 * loses at most that much skipping: the segment reads those events again and skips them again,
 * because a token stored with a handled batch always goes straight through (and drops what was
 * kept). After a segment is initialised or deleted (splits, merges, resets) the processor's next
 * token is written at once.
 */
final class SkippedEventsTokenStore implements TokenStore {

    static final long DEFER_NANOS = 250_000_000L;

    private record Key(String processor, int segment) {
    }

    private final TokenStore delegate;
    private final LongSupplier nanoTime;
    private final Map<Key, TrackingToken> kept = new ConcurrentHashMap<>();
    private final Map<Key, Long> written = new ConcurrentHashMap<>();
    private final Map<String, Boolean> writeThrough = new ConcurrentHashMap<>();

    SkippedEventsTokenStore(TokenStore delegate, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.nanoTime = nanoTime;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        long now = nanoTime.getAsLong();
        Long last = written.get(key);
        boolean skippedOnly = !CurrentUnitOfWork.isStarted() && writeThrough.remove(processorName) == null;
        if (skippedOnly && last != null && now - last < DEFER_NANOS) {
            kept.put(key, token);
            return;
        }
        kept.remove(key);
        delegate.storeToken(token, processorName, segment);
        written.put(key, now);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        if (!writeKept(processorName, segment)) {
            delegate.extendClaim(processorName, segment);
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        try {
            writeKept(processorName, segment);
        } finally {
            delegate.releaseClaim(processorName, segment);
        }
    }

    /** Writes the token kept for this segment, if any (which extends the claim too). */
    private boolean writeKept(String processorName, int segment) {
        Key key = new Key(processorName, segment);
        TrackingToken token = kept.remove(key);
        if (token == null) {
            return false;
        }
        delegate.storeToken(token, processorName, segment);
        written.put(key, nanoTime.getAsLong());
        return true;
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        forget(processorName);
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        forget(processorName);
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        forget(processorName);
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        forget(processorName);
        delegate.deleteToken(processorName, segment);
    }

    /** Drops what is kept for the processor and writes its next token at once. */
    private void forget(String processorName) {
        kept.keySet().removeIf(key -> key.processor().equals(processorName));
        writeThrough.put(processorName, Boolean.TRUE);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
