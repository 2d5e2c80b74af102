# shellcheck shell=bash
# What backup.sh, restore.sh and check-backup.sh share: the database and the uploads folder, found as
# the portal finds them, and the count of every table's rows. Sourced, not run.

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# DATABASE_URL, or the file DATABASE_URL_FILE names, in libpq's spelling: the portal also takes
# postgres:// and postgresql+psycopg://.
database_url() {
  local url=${DATABASE_URL:-}
  if [[ -z $url && -n ${DATABASE_URL_FILE:-} ]]; then
    url=$(<"$DATABASE_URL_FILE")
  fi
  [[ $url == postgres* ]] || fail "set DATABASE_URL (or DATABASE_URL_FILE) to the PostgreSQL database, as for the portal"
  url=${url/#postgresql+psycopg:/postgresql:}
  echo "${url/#postgres:/postgresql:}"
}

upload_folder() {
  [[ -n ${UPLOAD_FOLDER:-} ]] || fail "set UPLOAD_FOLDER, as for the portal"
  echo "$UPLOAD_FOLDER"
}

# psql answering with bare values, a tab between columns, and stopping at the first error.
psql_values() {
  psql --no-psqlrc --quiet --tuples-only --no-align --field-separator=$'\t' --set ON_ERROR_STOP=1 "$@"
}

# Every table and its rows, "schema.table<tab>rows" a line in name order (psql's \gexec runs each
# query the first one writes).
TABLE_ROWS="SELECT format('SELECT %L, count(*) FROM %I.%I', schemaname || '.' || tablename, schemaname, tablename)
  FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  ORDER BY schemaname, tablename \gexec"
