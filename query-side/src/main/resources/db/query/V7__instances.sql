-- The instances of this service that are alive (each writes its row every few seconds), so that
-- they split the event processors' segments between them (io.tally.axon.SegmentBalancer).
CREATE TABLE service_instance (
    instance_id VARCHAR(255) PRIMARY KEY,
    seen_at     TIMESTAMPTZ  NOT NULL
);
