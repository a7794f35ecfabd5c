-- Gateway operations that got no definite answer (a timeout, a dropped connection, the circuit
-- open): asked again under the same idempotency key until the gateway answers, never sent under a
-- new one. One row per operation key; gone once its answer is recorded on the payment.
CREATE TABLE payment_gateway_unresolved (
    operation_key   text PRIMARY KEY,
    payment_id      text        NOT NULL,
    operation       text        NOT NULL,
    refund_id       text,
    reference       text,
    amount          bigint      NOT NULL,
    currency        char(3)     NOT NULL,
    attempts        integer     NOT NULL DEFAULT 1,
    first_seen      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL,
    last_detail     text
);
CREATE INDEX payment_gateway_unresolved_due ON payment_gateway_unresolved (next_attempt_at);
