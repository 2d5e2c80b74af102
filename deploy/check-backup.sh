#!/usr/bin/env bash
# Whether a backup restores whole: restore.sh puts it into a new database on the portal's server and
# a new folder, then every table must have the rows the backup counted when it was made, and every
# file its checksum. Both are removed at the end, whatever happened. The portal is not touched.
#
#   deploy/check-backup.sh BACKUP
#
# DATABASE_URL (or DATABASE_URL_FILE) as for the portal; its user must be allowed to create databases.
set -euo pipefail
source "$(dirname "$0")/backup-common.sh"

(($# == 1)) || fail "usage: check-backup.sh BACKUP"
backup=$(realpath "$1")
url=$(database_url)

# The same address with another database: postgresql://user:password@host:port/NAME?options
check_database=qoljetimdi_check_$(date -u +%Y%m%d%H%M%S)_$$
options=${url#"${url%%\?*}"}
check_url=${url%%\?*}
check_url=${check_url%/*}/$check_database$options
check_folder=$(mktemp -d)

remove_check_copies() {
  psql_values "$url" --command="DROP DATABASE IF EXISTS \"$check_database\" WITH (FORCE)"
  rm -rf "$check_folder"
}
trap remove_check_copies EXIT
psql_values "$url" --command="CREATE DATABASE \"$check_database\""

DATABASE_URL=$check_url UPLOAD_FOLDER=$check_folder "$(dirname "$0")/restore.sh" "$backup" >/dev/null
if ! diff --label "rows in the backup" --label "rows restored" "$backup/tables.tsv" <(psql_values "$check_url" <<<"$TABLE_ROWS"); then
  fail "the restored database does not have the backup's rows"
fi
if [[ -s $backup/uploads.sha256 ]]; then
  (cd "$check_folder" && sha256sum --check --quiet --strict "$backup/uploads.sha256") \
    || fail "the restored files are not the backup's"
fi
restored_files=$(cd "$check_folder" && find . -type f | wc -l)
((restored_files == $(wc -l <"$backup/uploads.sha256"))) || fail "the backup's archive has files its checksums do not list"

rows=$(awk -F '\t' '{ rows += $2 } END { print rows + 0 }' "$backup/tables.tsv")
echo "$backup restores whole: $(wc -l <"$backup/tables.tsv") tables with $rows rows, $restored_files uploaded files"
