-- Tamper evidence: every event carries the SHA-256 of its canonical form (io.tally.axon.EventHashes,
-- README "Tamper evidence"), which ends with the hash of its aggregate's previous event.
ALTER TABLE domain_event_entry ADD COLUMN hash CHAR(64);
ALTER TABLE domain_event_entry ADD COLUMN previous_hash CHAR(64);

-- Events stored before the chain existed get their hashes once, here, computed exactly as the
-- application computes them; the append-only trigger is lifted for this migration only.
ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only;
DO $$
DECLARE
    event    RECORD;
    previous CHAR(64);
    last_aggregate VARCHAR(255);
    computed CHAR(64);
BEGIN
    FOR event IN SELECT global_index, type, aggregate_identifier, sequence_number, payload_type, payload_revision,
                        time_stamp, payload, meta_data
                   FROM domain_event_entry
                  WHERE hash IS NULL
                  ORDER BY aggregate_identifier, sequence_number
    LOOP
        IF last_aggregate IS DISTINCT FROM event.aggregate_identifier OR event.sequence_number = 0 THEN
            previous := NULL;
        END IF;
        computed := encode(sha256(convert_to(
                'tally-event-v1' || E'\n' ||
                coalesce(event.type, '') || E'\n' ||
                event.aggregate_identifier || E'\n' ||
                event.sequence_number::text || E'\n' ||
                event.payload_type || E'\n' ||
                coalesce(event.payload_revision, '') || E'\n' ||
                event.time_stamp || E'\n' ||
                event.payload || E'\n' ||
                coalesce(event.meta_data, '') || E'\n' ||
                coalesce(previous, '') || E'\n', 'UTF8')), 'hex');
        UPDATE domain_event_entry SET hash = computed, previous_hash = previous
         WHERE global_index = event.global_index;
        previous := computed;
        last_aggregate := event.aggregate_identifier;
    END LOOP;
END;
$$;
ALTER TABLE domain_event_entry ENABLE TRIGGER domain_event_entry_append_only;

ALTER TABLE domain_event_entry ALTER COLUMN hash SET NOT NULL;
