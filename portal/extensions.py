"""Extensions, created once here and bound to an app in `create_app`."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so that Alembic migrations can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
# Pages and API answers go out compressed (brotli, zstd or gzip, whichever the browser takes).
compress = Compress()


# Limits are kept in Redis when REDIS_URL is set (shared by every process), in memory otherwise;
# both, and the log of each limit reached, are set in portal.limits.init_app.
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    # pysqlite opens transactions lazily on its own and breaks SAVEPOINT (which the importer
    # uses per row); hand transaction control to SQLAlchemy and enforce foreign keys, as the
    # SQLAlchemy SQLite dialect documentation advises.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    # IMMEDIATE takes SQLite's write lock at the start: two transactions that both read and
    # then write (a double-clicked form) wait for each other instead of deadlocking with
    # "database is locked". SQLite serves one machine; PostgreSQL is for real concurrency.
    # A read-only connection (mode=ro, as a registry API on the portal's file uses) never writes,
    # so it begins without the lock and reads beside a writer.
    if connection.dialect.name == "sqlite":
        read_only = connection.engine.url.query.get("mode") == "ro"
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
