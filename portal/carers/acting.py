"""Whose matters the signed-in person is handling now, as the pages ask the gate (portal/access.py)."""

from __future__ import annotations

from flask import Flask, g, session

from portal import access
from portal.auth.session import current_iin


def subject_iin() -> str:
    """The person whose data the pages show: the signed-in person, or someone they act for."""
    viewer = current_iin()
    chosen = session.get("acting_for")
    if not chosen or chosen == viewer:
        return viewer
    if access.authority(viewer, chosen) is None:
        # The mandate ended (or the child turned 18): back to the person's own matters, with a notice.
        session.pop("acting_for", None)
        g.acting_for_ended = True
        return viewer
    return chosen


def authorise(scope: str, what: str) -> access.Authority:
    """The signed-in person's authority to do `scope` for the person whose matters they handle
    now; access.NotAllowed otherwise, which the pages answer with a clear 403 page."""
    return access.require(current_iin(), subject_iin(), scope, what)


def init_app(app: Flask) -> None:
    @app.context_processor
    def acting_context():
        if g.get("database_unavailable") or not current_iin():
            return {}  # the page saying the database cannot be reached reads no mandate
        subject = subject_iin()
        acting = access.authority(current_iin(), subject) if subject != current_iin() else None
        # `them`: the name the pages use in sentences about the person acted for, in the third
        # person, where a person's own pages say "you" (issue #23, point 1).
        return {"acting_for": acting, "them": acting.name_in_text if acting else None,
                "acting_for_ended": g.get("acting_for_ended", False)}
