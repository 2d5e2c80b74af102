#!/usr/bin/env bash
# A backup of the portal, its database and its uploaded files, in a new folder under DIRECTORY
# whose path it prints:
#
#   deploy/backup.sh DIRECTORY
#
# DATABASE_URL (or DATABASE_URL_FILE) and UPLOAD_FOLDER as the portal has them; pg_dump of the
# server's major version or newer. The folder, qoljetimdi-<UTC time>, holds:
#   database.dump   pg_dump's custom format, for restore.sh (pg_restore)
#   tables.tsv      every table and its rows in that dump, for check-backup.sh
#   uploads.tar     the files of UPLOAD_FOLDER
#   uploads.sha256  each file's checksum, for check-backup.sh
# The database first, then the files: a file uploaded meanwhile is one more in the backup, and no
# row of the dump lacks its file (unless the file was removed meanwhile).
set -euo pipefail
source "$(dirname "$0")/backup-common.sh"

(($# == 1)) || fail "usage: backup.sh DIRECTORY"
url=$(database_url)
uploads=$(upload_folder)
# Named .partial until whole: a folder without it is a complete backup.
partial=$(realpath --canonicalize-missing "$1")/qoljetimdi-$(date -u +%Y%m%dT%H%M%SZ).partial
mkdir -p "$partial"

# The dump and the counts of rows read one snapshot of the database: a psql session exports it and
# holds it while pg_dump runs, then counts in it.
coproc SNAPSHOT { psql_values "$url"; }
psql_pid=$SNAPSHOT_PID
exec {to_psql}>&"${SNAPSHOT[1]}" {from_psql}<&"${SNAPSHOT[0]}"
echo "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot();" >&"$to_psql"
read -r snapshot <&"$from_psql" || fail "could not reach the database"
pg_dump --format=custom --snapshot="$snapshot" --file="$partial/database.dump" "$url"
printf '%s\nCOMMIT;\n\\q\n' "$TABLE_ROWS" >&"$to_psql"
cat <&"$from_psql" >"$partial/tables.tsv"
wait "$psql_pid"

# The files are listed once, so that the checksums and the archive are of the same files.
archive_uploads() {
  cd "$uploads"
  find . -type f -print0 | sort -z >"$partial/files"
  xargs -0r sha256sum <"$partial/files" >"$partial/uploads.sha256"
  tar --create --file="$partial/uploads.tar" --numeric-owner --null --files-from="$partial/files"
  rm "$partial/files"
}
if [[ -d $uploads ]]; then
  (archive_uploads)
else
  # Nothing uploaded yet: the portal makes the folder at the first upload.
  : >"$partial/uploads.sha256"
  tar --create --file="$partial/uploads.tar" --files-from=/dev/null
fi

mv "$partial" "${partial%.partial}"
echo "${partial%.partial}"
