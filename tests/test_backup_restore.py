"""deploy/backup.sh, restore.sh and check-backup.sh on the local PostgreSQL (README.md, "Running in
production"): a database migrated and given the demo personas, and a folder of uploaded files, are
backed up; the backup passes its check, and restored into a new database it has every table's rows
and every file. The databases are the tests' own, dropped at the end whatever happened."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from portal.config import ROOT, database_url

SERVER = "postgresql://postgres@127.0.0.1:5432"
# The virtualenv's commands, beside the Python running the tests.
BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy"

pytestmark = pytest.mark.xdist_group("backup-restore")  # one source database and backup for both tests


def run(*command, **env: str) -> str:
    """A command's output; its errors are shown when it fails."""
    done = subprocess.run([str(part) for part in command], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def new_database():
    """Makes empty databases with names of their own; drops them all at the end."""
    admin = create_engine(database_url(f"{SERVER}/postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    made = []

    def make(purpose: str) -> str:
        name = f"qoljetimdi_{purpose}_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return f"{SERVER}/{name}"

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def rows_of_every_table(url: str) -> dict[str, int]:
    engine = create_engine(database_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                    for table in inspect(connection).get_table_names()}
    finally:
        engine.dispose()


def files_under(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def source(new_database, tmp_path_factory):
    """The portal's database, migrated, with the demo personas, and a folder of uploaded evidence."""
    url = new_database("source")
    portal_env = {"PORTAL_ENV": "development", "DATABASE_URL": url}
    run(BIN / "flask", "--app", "portal", "db", "upgrade", **portal_env)
    run(BIN / "flask", "--app", "portal", "demo", "load", **portal_env)
    uploads = tmp_path_factory.mktemp("uploads")
    (uploads / uuid.uuid4().hex).write_bytes(b"%PDF-1.7 a medical report\n")
    (uploads / uuid.uuid4().hex).write_bytes(bytes(range(256)) * 40)
    return {"DATABASE_URL": url, "UPLOAD_FOLDER": str(uploads)}


@pytest.fixture(scope="module")
def backup(source, tmp_path_factory) -> Path:
    return Path(run(DEPLOY / "backup.sh", tmp_path_factory.mktemp("backups"), **source).strip())


def test_a_backup_restores_every_row_and_file(source, backup, new_database, tmp_path):
    assert "restores whole" in run(DEPLOY / "check-backup.sh", backup, DATABASE_URL=source["DATABASE_URL"])

    restored = {"DATABASE_URL": new_database("restored"), "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    run(DEPLOY / "restore.sh", backup, **restored)
    rows = rows_of_every_table(source["DATABASE_URL"])
    assert rows["person"] > 0 and rows["alembic_version"] == 1
    assert rows_of_every_table(restored["DATABASE_URL"]) == rows
    assert files_under(Path(restored["UPLOAD_FOLDER"])) == files_under(Path(source["UPLOAD_FOLDER"]))


def test_the_check_fails_when_a_restore_lacks_a_row(source, backup, tmp_path):
    # The backup as it would be had the dump lost one person: one row fewer than it counted.
    tampered = Path(shutil.copytree(backup, tmp_path / backup.name))
    counts = (tampered / "tables.tsv").read_text()
    people = rows_of_every_table(source["DATABASE_URL"])["person"]
    (tampered / "tables.tsv").write_text(counts.replace(f"public.person\t{people}\n", f"public.person\t{people + 1}\n"))

    check = subprocess.run([DEPLOY / "check-backup.sh", tampered], env={**os.environ, **source},
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1
    assert "does not have the backup's rows" in check.stderr


def test_restore_refuses_a_database_that_has_tables(source, backup, tmp_path):
    refused = subprocess.run([DEPLOY / "restore.sh", backup], capture_output=True, text=True, timeout=60,
                             env={**os.environ, **source, "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    assert refused.returncode == 1
    assert "restore into a new, empty database" in refused.stderr
