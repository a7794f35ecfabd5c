-- Every read of the audit API, recorded before it is answered: who, what, when.
CREATE TABLE audit_read (
    id         BIGSERIAL     PRIMARY KEY,
    principal  VARCHAR(255)  NOT NULL,
    method     VARCHAR(8)    NOT NULL,
    path       VARCHAR(2000) NOT NULL,
    read_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
