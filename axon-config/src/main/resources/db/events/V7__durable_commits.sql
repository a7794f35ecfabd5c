-- A transaction that stores events, a seal or a data key (or erases one) commits durably, waiting
-- for its WAL flush, whatever its session's synchronous_commit: the services' pools do not wait
-- for the flush otherwise (docs/decisions.md "Which commits wait for the disk"). set_config(...,
-- true) holds until the transaction ends, and PostgreSQL reads synchronous_commit at its commit.
-- The rule lives here, beside the tables, so no code path can store an event without it.
CREATE FUNCTION durable_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'on', true);
    RETURN NULL;
END $$;

CREATE TRIGGER domain_event_entry_durable
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();

CREATE TRIGGER seal_durable
    AFTER INSERT ON seal
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();

CREATE TRIGGER personal_data_key_durable
    AFTER INSERT OR UPDATE OR DELETE ON personal_data_key
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();

CREATE TRIGGER personal_data_erasure_durable
    AFTER INSERT OR UPDATE OR DELETE ON personal_data_erasure
    FOR EACH STATEMENT EXECUTE FUNCTION durable_commit();
