"""The parts of an address a route reads (`<reference>`, `<int:token_id>`…): a value no row can
have matches no page, so the person gets the 404 page rather than the database's refusal."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

LARGEST_ID = 2**31 - 1  # an INTEGER column, in PostgreSQL and SQLite alike


class PathPartConverter(UnicodeConverter):
    """Any text but a control character: PostgreSQL cannot compare a text holding NUL at all."""

    def to_python(self, value: str) -> str:
        if any(ord(character) < 0x20 or ord(character) == 0x7F for character in value):
            raise ValidationError()
        return value


class DatabaseIdConverter(IntegerConverter):
    """The id of a row; SQLite refuses a larger number outright (OverflowError)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: a route's parts are bound when it is added."""
    app.url_map.converters.update(default=PathPartConverter, string=PathPartConverter, int=DatabaseIdConverter)
