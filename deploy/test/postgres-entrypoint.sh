#!/bin/sh
# The official postgres image's start, as far as compose.yaml uses it: at the first start, a cluster
# in UTF-8 (a container has no locale, which would make it SQL_ASCII), whose superuser is
# POSTGRES_USER, with the password in POSTGRES_PASSWORD_FILE, asked of every connection over the
# network, and the database POSTGRES_DB. Any other command (the backup service's) runs as it is.
set -eu
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb --username="$POSTGRES_USER" --pwfile="$POSTGRES_PASSWORD_FILE" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "CREATE DATABASE \"$POSTGRES_DB\"" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec "$@"
