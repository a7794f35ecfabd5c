#!/bin/sh
# The database roles Tally's services use (docs/security.md "Database roles"), made once when the
# PostgreSQL volume is first initialised: tally_owner owns the event store and migrates it,
# tally_command and tally_query own their services' schemas and get on the event store only the
# grants the services give them at start; tally_sealer may only append seals. None is a superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner_password="$TALLY_OWNER_DB_PASSWORD" \
     -v command_password="$TALLY_COMMAND_DB_PASSWORD" \
     -v query_password="$TALLY_QUERY_DB_PASSWORD" \
     -v sealer_password="$TALLY_SEALER_DB_PASSWORD" <<'SQL'
CREATE ROLE tally_owner   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE tally_command LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'command_password';
CREATE ROLE tally_query   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'query_password';
-- writes seals and sealing refusals, and nothing else: the command role cannot insert a seal
CREATE ROLE tally_sealer  LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'sealer_password';
SELECT format('GRANT CONNECT, CREATE ON DATABASE %I TO tally_owner, tally_command, tally_query; GRANT CONNECT ON DATABASE %I TO tally_sealer', current_database(), current_database())
\gexec
SQL
