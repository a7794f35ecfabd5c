-- Crypto-shredding (README "Personal data"): each customer's name and email are stored in events
-- encrypted with that customer's data key. Destroying the key (DELETE .../personal-data) erases
-- them from every event and every copy at once. Keys live here and nowhere else.
CREATE TABLE personal_data_key (
    key_id      VARCHAR(36)  PRIMARY KEY,
    customer_id VARCHAR(64)  NOT NULL UNIQUE,
    data_key    BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Who erased whose personal data, and when; kept so that a repeated erasure is answered the same.
CREATE TABLE personal_data_erasure (
    customer_id VARCHAR(64)  PRIMARY KEY,
    erased_at   TIMESTAMPTZ  NOT NULL,
    erased_by   VARCHAR(255) NOT NULL
);
