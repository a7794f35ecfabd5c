-- Tracking tokens of the query side's projections; one row per processor segment.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Inventory read model. version is the sequence number of the last event applied: a projector
-- applies an event only when it is newer, so replays and redeliveries change nothing twice.
CREATE TABLE inventory_item (
    sku                   VARCHAR(64)  PRIMARY KEY,
    name                  VARCHAR(200) NOT NULL,
    unit_price_amount     BIGINT       NOT NULL,
    currency              CHAR(3)      NOT NULL,
    tax_rate_basis_points INTEGER      NOT NULL,
    on_hand               BIGINT       NOT NULL,
    reserved              BIGINT       NOT NULL,
    available             BIGINT       GENERATED ALWAYS AS (on_hand - reserved) STORED,
    version               BIGINT       NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL
);

CREATE INDEX inventory_item_available_idx ON inventory_item (available, sku);
