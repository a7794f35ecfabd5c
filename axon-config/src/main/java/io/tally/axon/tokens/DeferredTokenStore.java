package io.tally.axon.tokens;

import io.tally.axon.segments.SegmentClaims;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The token store, writing a segment's token at most every {@link #DEFER_NANOS} where a later write
 * may do. A tracking processor stores its token after every batch in which nothing was for its
 * segment, in a transaction of its own: with several projections of two segments each, that was a
 * dozen synchronous commits for every event appended. And it stores it with every batch it
 * handles, one more statement in that batch's transaction, nine or ten an order over the query
 * side's projections.
 * <p>
 * Here a token of skipped events is kept, not written, when the segment's last write is more
 * recent than the interval; so is a handled batch's token for the processors named
 * {@code idempotent}, whose handlers change nothing twice (every projection write is guarded by
 * the row's or document's version), once that batch has committed. What is kept is written with the
 * next write after the interval, the next claim extension (at the latest about a second after the
 * segment falls idle) or the release. A crash or a stolen claim loses at most an interval of
 * progress: those events are read again and skipped or changed nothing. Every other processor's
 * handled batches (the saga, the payment processor) write their token in their own transaction, at
 * once. After a segment is claimed, initialised or deleted (splits, merges, resets, a replay's
 * hand-over) the processor's next token is written at once, and nothing older kept is.
 */
public final class DeferredTokenStore implements TokenStore {

    public static final long DEFER_NANOS = 1_000_000_000L;

    private record Key(String processor, int segment) {}

    private final TokenStore delegate;
    private final LongSupplier nanoTime;
    private final Set<String> idempotent;
    private final Map<Key, TrackingToken> kept = new ConcurrentHashMap<>();
    private final Map<Key, Long> written = new ConcurrentHashMap<>();
    private final Map<String, Boolean> writeThrough = new ConcurrentHashMap<>();
    private final long deferNanos;
    private final SegmentClaims claims;

    DeferredTokenStore(TokenStore delegate, LongSupplier nanoTime, Collection<String> idempotent) {
        this(delegate, nanoTime, idempotent, DEFER_NANOS, new SegmentClaims());
    }

    /**
     * With {@code deferNanos} zero every token is written when Axon stores it, as Axon's own store
     * does ({@code tally.axon.stock: deferred-tokens}); the claims are still counted.
     */
    public DeferredTokenStore(
            TokenStore delegate,
            LongSupplier nanoTime,
            Collection<String> idempotent,
            long deferNanos,
            SegmentClaims claims) {
        this.deferNanos = deferNanos;
        this.claims = claims;
        this.delegate = delegate;
        this.nanoTime = nanoTime;
        this.idempotent = Set.copyOf(idempotent);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        long now = nanoTime.getAsLong();
        Long last = written.get(key);
        boolean inBatch = CurrentUnitOfWork.isStarted();
        boolean deferrable =
                writeThrough.remove(processorName) == null && (!inBatch || idempotent.contains(processorName));
        if (deferrable && last != null && now - last < deferNanos) {
            if (inBatch) {
                CurrentUnitOfWork.get().afterCommit(committed -> kept.put(key, token));
            } else {
                kept.put(key, token);
            }
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

    /** A claim starts from what the store holds: anything kept from an earlier claim is dropped. */
    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        kept.remove(new Key(processorName, segment));
        return claimed(() -> delegate.fetchToken(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        kept.remove(new Key(processorName, segment.getSegmentId()));
        return claimed(() -> delegate.fetchToken(processorName, segment));
    }

    /**
     * Fetches a token, which claims its segment, and counts a claim started unless the segment is
     * someone else's: an instance of several tries to claim the others' segments every few
     * seconds, and a refused try changes nothing this process owns.
     */
    private TrackingToken claimed(Supplier<TrackingToken> fetch) {
        boolean refused = false;
        try {
            return fetch.get();
        } catch (UnableToClaimTokenException someoneElses) {
            refused = true;
            throw someoneElses;
        } finally {
            if (!refused) {
                claims.started();
            }
        }
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
        claims.started();
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
