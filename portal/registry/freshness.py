"""Whether a page shows the registry as it is now or a copy the portal kept from earlier.

HttpRegistry notes here when it answers from a copy because the registry cannot be reached; the
layout then says so, with the time of the copy, and actions that need current data refuse.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, has_app_context

from portal import moments
from portal.registry.client import CurrentDataNeeded


def note_copy(as_of: dt.datetime) -> None:
    """This request used a copy confirmed at `as_of`; the page shows the oldest one it used."""
    if has_app_context():
        g.registry_as_of = min(as_of, g.get("registry_as_of") or as_of)


def copy_as_of() -> dt.datetime | None:
    """When the oldest copy this request used was last confirmed; None when all was current."""
    return g.get("registry_as_of") if has_app_context() else None


def require_current() -> None:
    """Refuse an action that must not rest on a copy (portal/errors.py says why to the person)."""
    as_of = copy_as_of()
    if as_of is not None:
        raise CurrentDataNeeded(f"only a copy as of {as_of.isoformat()} could be read")


def init_app(app: Flask) -> None:
    @app.context_processor
    def registry_freshness():
        as_of = copy_as_of()
        return {"registry_as_of": moments.when(as_of) if as_of else None}
