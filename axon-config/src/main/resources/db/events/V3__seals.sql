-- Seals: each closes a range of the global log (after_global_index, to_global_index] with the Merkle
-- root of its events' hashes, chained to the seal before it and signed (Ed25519). A stream deleted
-- whole breaks no hash chain, but it changes the root of the seal over it. README "Seals".
CREATE TABLE seal (
    seal_number        BIGINT       PRIMARY KEY,
    after_global_index BIGINT       NOT NULL,
    to_global_index    BIGINT       NOT NULL,
    event_count        BIGINT       NOT NULL,
    merkle_root        CHAR(64)     NOT NULL,
    previous_seal_hash CHAR(64),
    sealed_at          VARCHAR(40)  NOT NULL,
    signature          TEXT         NOT NULL,
    seal_hash          CHAR(64)     NOT NULL
);

CREATE TRIGGER seal_append_only
    BEFORE UPDATE OR DELETE ON seal
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
