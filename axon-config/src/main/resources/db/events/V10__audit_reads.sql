-- Who read the audit API (issue 34, point 6): kept here, owned by the event store's owner, so the
-- query role that records a read can neither change nor delete one, nor lift the triggers. Each row
-- is chained to the one before it: hash = SHA-256 of
--   tally-audit-read-v1 \n id \n principal \n method \n path \n read_at (UTC, microseconds) \n previous hash \n
-- assigned here, under a lock, so ids follow the chain (docs/audit.md, "Who read the audit log");
-- read_at is as query-side recorded it (a read copied from an earlier release keeps its time).
CREATE TABLE audit_read (
    id            BIGINT        PRIMARY KEY,
    principal     VARCHAR(255)  NOT NULL,
    method        VARCHAR(8)    NOT NULL,
    path          VARCHAR(2000) NOT NULL,
    read_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    previous_hash CHAR(64),
    hash          CHAR(64)      NOT NULL
);
CREATE SEQUENCE audit_read_id_seq;

CREATE FUNCTION chain_audit_read() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last CHAR(64);
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.audit_read'));
    EXECUTE format('SELECT hash FROM %I.audit_read ORDER BY id DESC LIMIT 1', TG_TABLE_SCHEMA) INTO last;
    NEW.id := nextval(format('%I.audit_read_id_seq', TG_TABLE_SCHEMA));
    NEW.previous_hash := last;
    NEW.hash := encode(sha256(convert_to('tally-audit-read-v1' || E'\n' || NEW.id::text || E'\n' || NEW.principal
            || E'\n' || NEW.method || E'\n' || NEW.path || E'\n'
            || to_char(NEW.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\n'
            || coalesce(last, '') || E'\n', 'UTF8')), 'hex');
    RETURN NEW;
END $$;

CREATE TRIGGER audit_read_chain
    BEFORE INSERT ON audit_read
    FOR EACH ROW EXECUTE FUNCTION chain_audit_read();
CREATE TRIGGER audit_read_append_only
    BEFORE UPDATE OR DELETE ON audit_read
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER audit_read_no_truncate
    BEFORE TRUNCATE ON audit_read
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER audit_read_durable
    AFTER INSERT ON audit_read
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();
