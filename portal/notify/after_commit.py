"""A message goes out within seconds of the commit that wrote it: every Message a transaction
inserts is handed to the background worker (portal/background.py) once that transaction commits,
never before (a worker must not look for a row that may still be rolled back) and never for a
transaction rolled back. The outbox stays the record: what is not sent this way, the `outbox
deliver` job sends."""

from __future__ import annotations

from flask import current_app
from flask_sqlalchemy.session import Session
from sqlalchemy import event

from portal.models import Message

KEY = "messages_to_send"


@event.listens_for(Session, "after_flush")
def note_new_messages(session: Session, flush_context) -> None:
    # After the flush the new rows have their ids, and session.new still lists them.
    new = [obj.id for obj in session.new if isinstance(obj, Message)]
    if new:
        session.info.setdefault(KEY, []).extend(new)


@event.listens_for(Session, "after_commit")
def hand_over(session: Session) -> None:
    waiting = session.info.pop(KEY, None)
    if waiting and "background" in current_app.extensions:
        for message_id in waiting:
            current_app.extensions["background"].later("portal.deliver_message", message_id)


@event.listens_for(Session, "after_rollback")
def forget(session: Session) -> None:
    session.info.pop(KEY, None)
