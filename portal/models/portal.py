"""The portal's own data: what people do here, never the registry's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal import vocabulary as v
from portal.extensions import db
from portal.models.types import UtcDateTime, coded, utcnow


class Account(db.Model):
    """A person of the registry who has signed in at least once."""

    __tablename__ = "account"

    iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    # No longer read: sessions are kept on the server (portal/models/sessions.py).
    session_generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_signed_in_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # How the department should reach the person, as they set it (issue #23, point 12): the
    # language to write and speak in (none: the registry's), and codes of COMMUNICATION_NEEDS.
    contact_language: Mapped[str | None] = mapped_column(coded("account_contact_language", v.LANGUAGES))
    communication_needs: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # The display settings the person saved while signed in, as the display cookie holds them
    # ("text=large&colours=dark", read as strictly: portal/display/settings.py); none: standard.
    # Put in the cookie at sign-in on a device that has none, so they follow the person.
    display_settings: Mapped[str | None] = mapped_column(String(100))


class SignInCode(db.Model):
    """A one-time code sent by text message; only its keyed hash is kept. Wrong codes are not
    counted here: a row exists only for a registered IIN (portal/auth/guesses.py counts them)."""

    __tablename__ = "sign_in_code"
    __table_args__ = (Index("ix_sign_in_code_iin_created_at", "iin", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iin: Mapped[str] = mapped_column(String(12))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # A keyed digest of the address that asked (portal.auth.guesses.address_digest), never the
    # address: codes asked from one address are capped apart from the IIN's own cap.
    asked_from: Mapped[str | None] = mapped_column(String(16))
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class AuditEvent(db.Model):
    """Every read of personal data and every action: who acted, on whose behalf, what, when.
    Append-only: the guards below refuse changing or deleting an event through the ORM, and on
    PostgreSQL a trigger refuses it in the database (migration 0008)."""

    __tablename__ = "audit_event"
    # A person's log, newest first (the cabinet's "who looked" page and the staff search).
    __table_args__ = (Index("ix_audit_event_subject_iin_at", "subject_iin", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor_iin: Mapped[str | None] = mapped_column(String(12), index=True)
    actor_staff_id: Mapped[int | None] = mapped_column(index=True)  # staff_user.id when staff acted
    actor_interpreter_id: Mapped[int | None] = mapped_column(index=True)  # interpreter.id when one acted
    # The name of the service (its token in REGISTRY_API_TOKENS) that read the registry API.
    actor_service: Mapped[str | None] = mapped_column(String(60))
    subject_iin: Mapped[str | None] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(200))
    client_address: Mapped[str | None] = mapped_column(String(45))


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete an audit event: a record of who looked at personal data
    is only worth something if no one, the portal included, can rewrite it afterwards."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_rewriting_an_event(mapper, connection, target):
    raise AuditLogIsAppendOnly(f"audit event {target.id} cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_rewriting(state):
    """`session.execute(update(AuditEvent))` and `delete(AuditEvent)` skip the mapper events above."""
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEvent for m in state.all_mappers):
        raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")


class Message(db.Model):
    """A message to a person: queued in the outbox, delivered by text message, and kept as the
    person's inbox in the portal. Kept as its `kind` and `params`, and put into words when shown
    (portal/notify/texts.py): the inbox in the reader's language, the text message in the
    recipient's language when it is sent (issue #23, point 11)."""

    __tablename__ = "message"
    __table_args__ = (
        # A reminder goes once to each recipient for a decision and a point before its end (30 or 7
        # days), or for a booking (1 day).
        UniqueConstraint("kind", "about", "days_before", "recipient_iin", name="uq_message_reminder_once"),
        # The delivery run's question: not delivered yet, and due by now (portal/notify/outbox.py).
        Index("ix_message_delivered_at_next_attempt_at", "delivered_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_iin: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # The document the message is about (a decision or booking number), for messages sent once.
    about: Mapped[str | None] = mapped_column(String(40))
    days_before: Mapped[int | None]
    # The recipient's language when the message was written: the language of `subject` and `body`
    # on a message written before params; on one with params, a record only (the inbox uses the
    # page's language, the text message the one the recipient reads when it is sent).
    language: Mapped[str] = mapped_column(coded("message_language", v.LANGUAGES))
    # What the message says, in words of no language: names, references, codes, ISO dates, and
    # free text someone typed with the language it was typed in. None on a message written before
    # 0029, whose words are `subject` and `body`, in `language`; a message with params has none.
    params: Mapped[dict | None] = mapped_column(JSON)
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    delivery_attempts: Mapped[int] = mapped_column(default=0)
    # After a failed send, not tried again before this time (the wait doubles with each failure).
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(200))
    read_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Statement(db.Model):
    """A printed statement, checkable by its reference: of a person's disability status (its
    decision, which never changes, is read from the registry again), or of the benefits they
    received (issue #25, point 4), whose `content` keeps what the paper says, so that /verify can
    tell whether the registry still says the same."""

    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    iin: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(coded("statement_kind", v.STATEMENT_KINDS), default="status",
                                      server_default="status")
    decision_number: Mapped[str | None] = mapped_column(String(40))  # of a statement of status
    content: Mapped[dict | None] = mapped_column(JSON)  # of a statement of benefits (portal/benefits/statement.py)
    generated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
