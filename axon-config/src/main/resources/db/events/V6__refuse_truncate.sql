-- The row triggers stop UPDATE and DELETE; TRUNCATE fires no row trigger. A statement trigger
-- refuses it on the events and the seals, for every role that could run it (the owner included:
-- only dropping the trigger, which shows in the schema, gets past it).
CREATE TRIGGER domain_event_entry_no_truncate
    BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER seal_no_truncate
    BEFORE TRUNCATE ON seal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
