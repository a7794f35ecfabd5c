-- Data keys an earlier version stored in clear (32 bytes, unwrapped) are listed here once, by the
-- owner, when this release is installed: command-side wraps exactly these at start. A clear key that
-- appears later was planted (a role that may write the key table knows it, and could open whatever
-- it sealed); it is refused, never wrapped or used (docs/security.md, issue 34 point 5).
CREATE TABLE personal_data_clear_key (
    key_id VARCHAR(36) PRIMARY KEY
);
INSERT INTO personal_data_clear_key SELECT key_id FROM personal_data_key WHERE octet_length(data_key) = 32;
