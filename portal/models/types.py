"""Column types shared by every table: codes from the vocabulary, and aware UTC timestamps."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Enum, TypeDecorator

from portal.clock import utcnow  # noqa: F401 (the default of every timestamp column)


def coded(name: str, codes) -> Enum:
    """A column of codes from the vocabulary: VARCHAR with a CHECK on every database."""
    return Enum(*codes, name=name, native_enum=False, create_constraint=True, length=32)


class UtcDateTime(TypeDecorator):
    """An aware UTC timestamp on every database: SQLite keeps no time zone, so it is put back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("timestamps must carry a time zone")
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value
