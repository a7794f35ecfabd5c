-- Axon's dead-letter queue for the projections (JdbcSequencedDeadLetterQueue, columns named by
-- TallyAxonAutoConfiguration's DeadLetterSchema). A poison event and the rest of its sequence wait
-- here while the projection goes on with every other sequence.
CREATE TABLE dead_letter_entry (
    dead_letter_id      VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group    VARCHAR(255)  NOT NULL,
    sequence_identifier VARCHAR(255)  NOT NULL,
    sequence_index      BIGINT        NOT NULL,
    message_type        VARCHAR(255)  NOT NULL,
    event_identifier    VARCHAR(255)  NOT NULL,
    time_stamp          VARCHAR(255)  NOT NULL,
    payload_type        VARCHAR(255)  NOT NULL,
    payload_revision    VARCHAR(255),
    payload             BYTEA         NOT NULL,
    meta_data           BYTEA,
    aggregate_type      VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number     BIGINT,
    token_type          VARCHAR(255),
    token               BYTEA,
    enqueued_at         VARCHAR(255)  NOT NULL,
    last_touched        VARCHAR(255),
    processing_started  VARCHAR(255),
    cause_type          VARCHAR(255),
    cause_message       VARCHAR(1023),
    diagnostics         BYTEA,
    CONSTRAINT dead_letter_sequence_index UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_group_idx ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_sequence_idx ON dead_letter_entry (processing_group, sequence_identifier);

-- Order lists: newest first is the default order; the other filters use the existing indexes.
CREATE INDEX order_view_placed_idx ON order_view (placed_at DESC, order_id);
