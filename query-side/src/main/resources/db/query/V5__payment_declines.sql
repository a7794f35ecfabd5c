-- Why a payment was declined: the gateway's code, or no answer in time (PaymentDeclinedEvent
-- revision 2). Payments declined before this version show neither until payments-pg is replayed.
ALTER TABLE payment_view ADD COLUMN decline_code VARCHAR(500);
ALTER TABLE payment_view ADD COLUMN timed_out BOOLEAN NOT NULL DEFAULT false;
