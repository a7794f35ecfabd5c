-- Each saga's version, raised by every update: a saga served from the saga store's cache is written
-- only if nobody wrote it since (a deadline on another instance), else the step fails and is retried
-- from the stored saga (docs/decisions.md "Sagas from memory").
ALTER TABLE saga_entry ADD COLUMN version bigint NOT NULL DEFAULT 0;
