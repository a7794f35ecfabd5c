-- Saga deadlines, persisted by db-scheduler (its PostgreSQL schema, version 16).
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Card tokens between order placement and the gateway call; never in an event.
CREATE TABLE payment_token_vault (
    payment_id VARCHAR(64)  PRIMARY KEY,
    token      VARCHAR(255) NOT NULL,
    stored_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Idempotency-Key: the first response to a key is kept and replayed; keys are scoped per principal.
CREATE TABLE idempotency_key (
    principal    VARCHAR(255) NOT NULL,
    key          VARCHAR(255) NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,
    status       INTEGER,
    content_type VARCHAR(255),
    location     VARCHAR(1024),
    etag         VARCHAR(64),
    body         BYTEA,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
