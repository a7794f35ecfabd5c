-- Order read model; lines as JSON. version is the order's last event sequence number applied.
CREATE TABLE order_view (
    order_id       VARCHAR(64)  PRIMARY KEY,
    customer_id    VARCHAR(64)  NOT NULL,
    customer_name  VARCHAR(200) NOT NULL,
    customer_email VARCHAR(254) NOT NULL,
    currency       CHAR(3)      NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    lines          JSONB        NOT NULL,
    subtotal       BIGINT       NOT NULL,
    discount       BIGINT       NOT NULL,
    tax            BIGINT       NOT NULL,
    total          BIGINT       NOT NULL,
    discount_code  VARCHAR(64),
    payment_id     VARCHAR(64)  NOT NULL,
    reason         VARCHAR(1000),
    placed_at      TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    version        BIGINT       NOT NULL
);
CREATE INDEX order_view_status_idx ON order_view (status, placed_at);
CREATE INDEX order_view_customer_idx ON order_view (customer_id, placed_at);
CREATE INDEX order_view_payment_idx ON order_view (payment_id);

-- Payment read model, in minor units of the payment's currency.
CREATE TABLE payment_view (
    payment_id VARCHAR(64) PRIMARY KEY,
    order_id   VARCHAR(64) NOT NULL,
    status     VARCHAR(24) NOT NULL,
    currency   CHAR(3)     NOT NULL,
    authorized BIGINT      NOT NULL,
    captured   BIGINT      NOT NULL,
    refunded   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT      NOT NULL
);
