"""Whose matters the signed-in person is handling now, and the check every page makes."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, abort, g, make_response, render_template, session

from portal import clock
from portal.auth.session import current_iin
from portal.carers import services
from portal.extensions import db
from portal.registry import registry


def subject_iin() -> str:
    """The person whose data the pages show: the signed-in person, or someone they act for."""
    viewer = current_iin()
    chosen = session.get("acting_for")
    if not chosen or chosen == viewer:
        return viewer
    if services.authority(db.session, registry(), viewer, chosen, clock.today()) is None:
        # The mandate ended (or the child turned 18): back to the person's own matters, with a notice.
        session.pop("acting_for", None)
        g.acting_for_ended = True
        return viewer
    return chosen


def authorise(scope: str, what: str) -> services.Authority:
    """The authority to do `scope` for the current subject; a clear 403 page otherwise."""
    try:
        return services.require(db.session, registry(), current_iin(), subject_iin(), scope, clock.today(), what)
    except services.NotAllowed as refused:
        refuse(refused)


def refuse(refused: services.NotAllowed) -> NoReturn:
    """The clear 403 page for something the signed-in person may not do for the subject."""
    person = registry().find_person(refused.subject_iin)
    abort(make_response(render_template("carers/not_allowed.html", person=person, scope=refused.scope), 403))


def init_app(app: Flask) -> None:
    @app.context_processor
    def acting_context():
        if g.get("database_unavailable") or not current_iin():
            return {}  # the page saying the database cannot be reached reads no mandate
        subject = subject_iin()
        acting = None
        if subject != current_iin():
            acting = services.authority(db.session, registry(), current_iin(), subject, clock.today())
        return {"acting_for": acting, "acting_for_ended": g.get("acting_for_ended", False)}
