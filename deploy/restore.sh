#!/usr/bin/env bash
# The database and the uploaded files of a backup (a folder backup.sh made) put back into an empty
# database and an empty uploads folder:
#
#   deploy/restore.sh BACKUP
#
# DATABASE_URL (or DATABASE_URL_FILE) and UPLOAD_FOLDER as the portal will have them. Stop the web,
# worker and beat processes first, and make the database anew (README.md, "Backup and restore"):
# restoring into one that has tables is refused, not merged.
set -euo pipefail
source "$(dirname "$0")/backup-common.sh"

(($# == 1)) || fail "usage: restore.sh BACKUP"
backup=$1
url=$(database_url)
uploads=$(upload_folder)
[[ -f $backup/database.dump && -f $backup/uploads.tar ]] || fail "$backup is not a backup (backup.sh makes them)"

tables=$(psql_values "$url" --command="SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
((tables == 0)) || fail "the database has $tables tables already: restore into a new, empty database"
if [[ -d $uploads && -n $(ls -A "$uploads") ]]; then
  fail "$uploads has files already: restore into an empty folder"
fi

# Whole or not at all. Objects belong to whoever restores, the database's owner as a rule: the
# backup's roles may not exist here.
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$url" "$backup/database.dump"
mkdir -p "$uploads"
# As root, the files keep their owner, the portal's user; as that user, they are its own anyway.
tar --extract --file="$backup/uploads.tar" --directory="$uploads"
echo "restored $backup: $(wc -l <"$backup/tables.tsv") tables, $(wc -l <"$backup/uploads.sha256") uploaded files"
