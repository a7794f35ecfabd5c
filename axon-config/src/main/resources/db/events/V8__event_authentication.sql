-- Events only the service could have written (docs/audit.md "Event MAC"): every append from this
-- release on carries the HMAC-SHA256 of its tally-event-v2 hash with a key no database holds.
ALTER TABLE domain_event_entry ADD COLUMN mac CHAR(64);

-- Events already stored have no MAC and keep their tally-event-v1 hashes; they are taken without a
-- MAC up to the newest of them, and no further: an event without a MAC above this index was not
-- appended by the service.
CREATE TABLE event_authentication (
    unauthenticated_through BIGINT NOT NULL
);
INSERT INTO event_authentication SELECT coalesce(max(global_index), 0) FROM domain_event_entry;
CREATE TRIGGER event_authentication_append_only
    BEFORE UPDATE OR DELETE ON event_authentication
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER event_authentication_no_truncate
    BEFORE TRUNCATE ON event_authentication
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- Seals from this release on are tally-seal-v2: RFC 6962 roots over (global index, hash) leaves.
ALTER TABLE seal ADD COLUMN version SMALLINT NOT NULL DEFAULT 1;

-- Where the sealer refused to seal (an event without a valid MAC, a hash that does not match its
-- fields): kept for good, read by every verify, so the refusal is seen where the verify runs.
CREATE TABLE seal_refusal (
    global_index     BIGINT       PRIMARY KEY,
    event_identifier VARCHAR(255),
    reason           VARCHAR(64)  NOT NULL,
    refused_at       VARCHAR(40)  NOT NULL
);
CREATE TRIGGER seal_refusal_append_only
    BEFORE UPDATE OR DELETE ON seal_refusal
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER seal_refusal_no_truncate
    BEFORE TRUNCATE ON seal_refusal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER seal_refusal_durable
    AFTER INSERT ON seal_refusal
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();
