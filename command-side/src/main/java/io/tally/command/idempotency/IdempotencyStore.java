package io.tally.command.idempotency;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys in PostgreSQL, so every instance sees them and they survive restarts. A key is
 * claimed by inserting its row; the first response is stored on that row; keys expire after
 * {@value #RETENTION_HOURS} hours. A claim left unfinished for {@value #ABANDONED_SECONDS} s (its
 * instance died) may be taken over, but only to run a request that was not applied: when the event
 * store already holds events carrying this principal's key, the instance died after applying it and
 * before storing its answer, and the request is answered 409 {@code already-applied} (naming the
 * aggregates it changed) instead of being applied a second time. Claims and answers commit without
 * waiting for the WAL flush, like everything on this service's pool but events, seals and data keys
 * (docs/decisions.md): the request's events flush its claim with them, and an answer lost in a
 * crash of PostgreSQL leaves an abandoned claim, answered from the events.
 */
@Component
class IdempotencyStore {

    static final int RETENTION_HOURS = 24;
    static final int ABANDONED_SECONDS = 60;

    private final JdbcClient jdbc;
    private final String events;
    /** False with Axon Server: the events are not in PostgreSQL, so an abandoned claim cannot be checked. */
    private final boolean eventsSearchable;

    IdempotencyStore(
            JdbcClient jdbc,
            io.tally.axon.TallyAxonProperties properties,
            @org.springframework.beans.factory.annotation.Value("${axon.axonserver.enabled:false}")
                    boolean axonServer) {
        this.jdbc = jdbc;
        this.events = properties.eventSchema() + ".domain_event_entry";
        this.eventsSearchable = !axonServer;
    }

    sealed interface Claim permits Claimed, Replay, Mismatch, InProgress, AlreadyApplied, Unverifiable {}

    record Claimed() implements Claim {}

    record Replay(int status, String contentType, String location, String etag, byte[] body) implements Claim {}

    record Mismatch() implements Claim {}

    record InProgress() implements Claim {}

    /** An abandoned claim whose events cannot be searched (Axon Server): it is not run again. */
    record Unverifiable() implements Claim {}

    /** An abandoned claim whose request was applied: the aggregates its events changed. */
    record AlreadyApplied(List<Map<String, String>> aggregates) implements Claim {}

    Claim claim(String principal, String key, String fingerprint) {
        // a new key (nearly every request) costs one statement; an expired one is dropped and claimed afresh
        if (insert(principal, key, fingerprint)
                || (dropExpired(principal, key) && insert(principal, key, fingerprint))) {
            return new Claimed();
        }
        Optional<Claim> existing = jdbc.sql("""
                        SELECT fingerprint, status, content_type, location, etag, body, completed_at IS NOT NULL AS done
                          FROM idempotency_key WHERE principal = :principal AND key = :key""")
                .param("principal", principal)
                .param("key", key)
                .query((rs, row) -> {
                    if (!rs.getString("fingerprint").equals(fingerprint)) {
                        return (Claim) new Mismatch();
                    }
                    if (rs.getBoolean("done")) {
                        return new Replay(
                                rs.getInt("status"),
                                rs.getString("content_type"),
                                rs.getString("location"),
                                rs.getString("etag"),
                                rs.getBytes("body"));
                    }
                    return new InProgress();
                })
                .optional();
        if (existing.isEmpty()) {
            return claim(principal, key, fingerprint);
        }
        if (existing.get() instanceof InProgress && takeOverAbandoned(principal, key)) {
            if (!eventsSearchable) {
                return new Unverifiable();
            }
            List<Map<String, String>> applied = appliedBefore(principal, key);
            return applied.isEmpty() ? new Claimed() : new AlreadyApplied(applied);
        }
        return existing.get();
    }

    void complete(
            String principal, String key, int status, String contentType, String location, String etag, byte[] body) {
        jdbc.sql("""
                        UPDATE idempotency_key SET status = :status, content_type = :contentType, location = :location,
                               etag = :etag, body = :body, completed_at = now()
                         WHERE principal = :principal AND key = :key""")
                .param("status", status)
                .param("contentType", contentType)
                .param("location", location)
                .param("etag", etag)
                .param("body", body)
                .param("principal", principal)
                .param("key", key)
                .update();
    }

    private boolean insert(String principal, String key, String fingerprint) {
        return jdbc.sql("""
                           INSERT INTO idempotency_key (principal, key, fingerprint) VALUES (:principal, :key, :fingerprint)
                           ON CONFLICT DO NOTHING""")
                        .param("principal", principal)
                        .param("key", key)
                        .param("fingerprint", fingerprint)
                        .update()
                == 1;
    }

    private boolean dropExpired(String principal, String key) {
        return jdbc.sql("""
                           DELETE FROM idempotency_key WHERE principal = :principal AND key = :key
                              AND created_at < now() - make_interval(hours => :hours)""")
                        .param("principal", principal)
                        .param("key", key)
                        .param("hours", RETENTION_HOURS)
                        .update()
                == 1;
    }

    /** Forgets a claim whose request failed for a reason worth retrying (a 5xx), so a retry can run. */
    void release(String principal, String key) {
        jdbc.sql("DELETE FROM idempotency_key WHERE principal = :principal AND key = :key AND completed_at IS NULL")
                .param("principal", principal)
                .param("key", key)
                .update();
    }

    /**
     * The aggregates changed by events that carry this principal's key (a scan of the event store,
     * which only a claim abandoned by a dead instance pays), as JSON objects.
     */
    private List<Map<String, String>> appliedBefore(String principal, String key) {
        return jdbc.sql("SELECT DISTINCT type, aggregate_identifier FROM " + events
                        + " WHERE meta_data::jsonb ->> 'idempotencyKey' = :key"
                        + " AND meta_data::jsonb ->> 'principal' = :principal ORDER BY 1, 2")
                .param("key", key)
                .param("principal", principal)
                .query((rs, row) ->
                        Map.of("aggregateType", String.valueOf(rs.getString(1)), "aggregateId", rs.getString(2)))
                .list();
    }

    private boolean takeOverAbandoned(String principal, String key) {
        return jdbc.sql("""
                        UPDATE idempotency_key SET created_at = now()
                         WHERE principal = :principal AND key = :key AND completed_at IS NULL
                           AND created_at < now() - make_interval(secs => :seconds)""")
                        .param("principal", principal)
                        .param("key", key)
                        .param("seconds", ABANDONED_SECONDS)
                        .update()
                == 1;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void expire() {
        jdbc.sql("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => :hours)")
                .param("hours", RETENTION_HOURS)
                .update();
    }
}
