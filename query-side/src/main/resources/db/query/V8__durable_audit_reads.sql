-- The query side's sessions do not wait for the WAL flush (what it writes is derived from the
-- event log); a record of an audit read is not, so its transaction commits durably
-- (set_config(..., true) holds until the transaction ends; synchronous_commit is read at commit).
CREATE FUNCTION durable_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'on', true);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_read_durable
    AFTER INSERT ON audit_read
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();
