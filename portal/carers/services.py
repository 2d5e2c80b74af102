"""The mandates: who may act for whom, in what, until when, and who is told about a person.

A person acts for themselves in everything. A legal representative of a child acts in
everything until the child's 18th birthday, by the registry alone. Anyone else acts only within
a mandate the person approved: its scopes, from its start to its end, until either side ends it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from portal import audit, clock, moments
from portal import vocabulary as v
from portal.iin import age_on
from portal.models import Mandate, MandateEvent, Message
from portal.registry import RegistryClient
from portal.registry.records import PersonRecord

ALL_SCOPES = frozenset(v.MANDATE_SCOPES)
ADULT_AGE = 18


def eighteenth_birthday(birth_date: dt.date) -> dt.date:
    try:
        return birth_date.replace(year=birth_date.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        return dt.date(birth_date.year + ADULT_AGE, 3, 1)


def represented_in_law(person: PersonRecord, today: dt.date) -> bool:
    """Whether the registry's legal representative acts for the person in everything: a child's
    parent or trustee until the 18th birthday; the guardian a court appointed for an adult it
    declared incapable, with no age limit, for as long as the registry records the guardianship
    (issue #22, rule 9; Civil Code Art. 26)."""
    if person.legal_representative_iin is None:
        return False
    return person.guardianship_court_decision is not None or age_on(person.birth_date, today) < ADULT_AGE


def represented_until(person: PersonRecord) -> dt.date | None:
    """The last day the legal representative acts: the eve of the 18th birthday; none for a guardian."""
    if person.guardianship_court_decision is not None:
        return None
    return eighteenth_birthday(person.birth_date) - dt.timedelta(days=1)


def active_mandate(session: Session, carer_iin: str, person_iin: str, today: dt.date) -> Mandate | None:
    return session.scalar(select(Mandate).where(
        Mandate.carer_iin == carer_iin, Mandate.person_iin == person_iin, Mandate.status == "active",
        Mandate.starts_on <= today, or_(Mandate.ends_on.is_(None), Mandate.ends_on >= today)))


def mandate_givers(session: Session, carer_iin: str) -> list[str]:
    """The IINs of the people whose active mandates the carer holds, in force today or later."""
    return list(session.scalars(select(Mandate.person_iin).where(Mandate.carer_iin == carer_iin,
                                                                 Mandate.status == "active")))


# Who is told about a person -------------------------------------------------------------------

def mandates_in_force(session: Session, person_iin: str, today: dt.date) -> list[Mandate]:
    """The person's mandates in force today, whoever holds them."""
    return list(session.scalars(select(Mandate).where(
        Mandate.person_iin == person_iin, Mandate.status == "active", Mandate.starts_on <= today,
        or_(Mandate.ends_on.is_(None), Mandate.ends_on >= today)).order_by(Mandate.id)))


def told_about(session: Session, registry: RegistryClient, person_iin: str, scope: str,
               today: dt.date | None = None) -> list[tuple[PersonRecord, PersonRecord | None]]:
    """Who is told news about a person, as (recipient, None when the recipient is the person, else
    the person): the one rule every message about a person follows (issue #18).

    News goes to the person, or while the person is a minor to their legal representative (who
    acts for the child by law, until the 18th birthday). A carer is told too, but only while a
    mandate with `scope` is in force on the day the message is written: a mandate that ended, or
    never covered this, tells them nothing. Whoever submitted or booked is not a reason to be told."""
    today = today or clock.today()
    person = registry.find_person(person_iin)
    if person is None:
        return []
    first = person
    if represented_in_law(person, today):
        first = registry.find_person(person.legal_representative_iin) or person
    iins = [first.iin] + [m.carer_iin for m in mandates_in_force(session, person_iin, today) if scope in m.scopes]
    told = []
    for iin in dict.fromkeys(iins):
        recipient = first if iin == first.iin else registry.find_person(iin)
        if recipient is not None:
            told.append((recipient, None if iin == person.iin else person))
    return told


# Asking, approving, ending ------------------------------------------------------------------

class MandateError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def ask(session: Session, registry: RegistryClient, *, carer_iin: str, person_iin: str, scopes: list[str],
        ends_on: dt.date | None, today: dt.date) -> Mandate:
    """A carer asks to act for someone; nothing is allowed until the person approves.

    The answer must not tell who is registered (issue #18), so the ask is kept for any IIN and
    `registry` is deliberately not read here: no answer, page or timing depends on it. The
    person is looked up, and told, later by tell_about_asks, outside the carer's request. While
    an ask to the same person waits, asking again gives that ask back and sends nothing."""
    if person_iin == carer_iin:
        raise MandateError("self")
    if not scopes or not set(scopes) <= ALL_SCOPES:
        raise MandateError("scopes")
    if ends_on is not None and ends_on < today:
        raise MandateError("ends_in_past")
    waiting = pending_ask(session, carer_iin, person_iin)
    if waiting is not None:
        return waiting
    mandate = Mandate(carer_iin=carer_iin, person_iin=person_iin, scopes=sorted(scopes), starts_on=today,
                      ends_on=ends_on, status="requested")
    mandate.events.append(MandateEvent(action="requested", actor_iin=carer_iin))
    session.add(mandate)
    audit.record("mandate_requested", actor_iin=carer_iin, subject_iin=person_iin, session=session)
    try:
        session.commit()
    except IntegrityError:  # the same ask sent twice at once: the index keeps one
        session.rollback()
        return pending_ask(session, carer_iin, person_iin)
    return mandate


def pending_ask(session: Session, carer_iin: str, person_iin: str) -> Mandate | None:
    return session.scalar(select(Mandate).where(Mandate.carer_iin == carer_iin, Mandate.person_iin == person_iin,
                                                Mandate.status == "requested"))


def is_adult(person: PersonRecord | None, today: dt.date) -> bool:
    return person is not None and age_on(person.birth_date, today) >= ADULT_AGE


def decides_for_self(person: PersonRecord | None, today: dt.date) -> bool:
    """An adult nobody represents in law: only they give mandates (a guardian acts for the ward)."""
    return is_adult(person, today) and not represented_in_law(person, today)


def may_approve(person: PersonRecord | None, carer_iin: str, today: dt.date) -> bool:
    """Only a registered adult decides on a mandate: a child's legal representative acts already."""
    return decides_for_self(person, today) and person.iin != carer_iin


def tell_about_asks(session: Session, registry: RegistryClient, today: dt.date, batch: int = 100) -> int:
    """Look up the people asked since the last run, and tell each one who may approve: outside the
    carer's request, so that the ask itself reads nothing of the registry. Returns how many were told."""
    told = 0
    asks = session.scalars(select(Mandate).where(Mandate.status == "requested", Mandate.checked_at.is_(None))
                           .order_by(Mandate.id).limit(batch)).all()
    for mandate in asks:
        mandate.checked_at = clock.utcnow()
        if may_approve(registry.find_person(mandate.person_iin), mandate.carer_iin, today):
            tell(session, registry, mandate.person_iin, "asked", registry.find_person(mandate.carer_iin))
            mandate.told_at = mandate.checked_at
            told += 1
    session.commit()
    return told


def was_approved(mandate: Mandate) -> bool:
    """Whether the person ever agreed to this mandate: until then, the carer never sees their name."""
    return any(event.action == "approved" for event in mandate.events)


def decide(session: Session, registry: RegistryClient, mandate: Mandate, *, person_iin: str, approve: bool,
           today: dt.date) -> None:
    if mandate.person_iin != person_iin or mandate.status != "requested":
        raise MandateError("not_yours")
    person = registry.find_person(person_iin)
    if not may_approve(person, mandate.carer_iin, today):
        raise MandateError("not_yours")
    mandate.status = "active" if approve else "refused"
    mandate.starts_on = today
    mandate.events.append(MandateEvent(action="approved" if approve else "refused", actor_iin=person_iin))
    audit.record(f"mandate_{mandate.status}", actor_iin=person_iin, subject_iin=person_iin, session=session)
    if approve:
        tell(session, registry, mandate.carer_iin, "approved", person)
    else:  # the person did not agree: the carer learns no name, only the IIN they typed
        tell(session, registry, mandate.carer_iin, "refused", None, iin=person_iin)
    session.commit()


def end(session: Session, registry: RegistryClient, mandate: Mandate, *, by_iin: str) -> None:
    """Either side ends a mandate; it stops at once."""
    if by_iin not in (mandate.person_iin, mandate.carer_iin) or mandate.status not in ("requested", "active"):
        raise MandateError("not_yours")
    approved = was_approved(mandate)
    mandate.status = "ended"
    mandate.events.append(MandateEvent(action="ended", actor_iin=by_iin))
    audit.record("mandate_ended", actor_iin=by_iin, subject_iin=mandate.person_iin, session=session)
    if by_iin == mandate.carer_iin:
        if approved or mandate.told_at:  # a person never told of the ask hears nothing of its end
            tell(session, registry, mandate.person_iin, "ended", registry.find_person(by_iin))
    elif approved:
        tell(session, registry, mandate.carer_iin, "ended", registry.find_person(by_iin))
    else:  # ending an ask is refusing it: still no name for the carer
        tell(session, registry, mandate.carer_iin, "refused", None, iin=mandate.person_iin)
    session.commit()


def mandates_of(session: Session, iin: str) -> tuple[list[Mandate], list[Mandate]]:
    """(mandates for this person, mandates this person holds for others), newest first, each with
    its history, which the page shows: read with the mandates, not one query a mandate."""
    history = selectinload(Mandate.events)
    mine = session.scalars(select(Mandate).where(Mandate.person_iin == iin).order_by(Mandate.id.desc())
                           .options(history)).all()
    held = session.scalars(select(Mandate).where(Mandate.carer_iin == iin).order_by(Mandate.id.desc())
                           .options(history)).all()
    return list(mine), list(held)


def tell(session: Session, registry: RegistryClient, recipient_iin: str, what: str, other: PersonRecord | None,
         reference: str | None = None, *, iin: str | None = None) -> None:
    """A message to one side of a mandate about it, or to a young person who has just turned 18. A
    refusal names the person by `iin` alone: they never agreed, so the carer never learns their name."""
    recipient = registry.find_person(recipient_iin)
    params = {"refused": {"iin": iin}, "came_of_age": {}}.get(what, {"name": other.full_name if other else ""})
    session.add(Message(recipient_iin=recipient_iin, kind=f"mandate_{what}", about=reference,
                        language=recipient.preferred_language if recipient else "kk", params=params))


def tell_done_on_behalf(session: Session, registry: RegistryClient, person_iin: str, what: str, actor_iin: str,
                        reference: str, starts_at: dt.datetime | None = None) -> None:
    """Tell the person (and whoever else `told_about` names) that someone sent a request or booked
    an interpreter (for `starts_at`) on their behalf; the one who did it is not told of their own act."""
    scope = "requests" if what == "request" else "bookings"
    actor = registry.find_person(actor_iin)
    name = actor.full_name if actor else ""
    for recipient, about in told_about(session, registry, person_iin, scope):
        if recipient.iin == actor_iin:
            continue
        params = {"name": name, "reference": reference}
        if what == "booking":
            params["starts_at"] = moments.iso(starts_at)
        if about is not None:
            params["person"] = about.full_name
        session.add(Message(recipient_iin=recipient.iin, kind=f"mandate_{what}", about=reference,
                            language=recipient.preferred_language, params=params))


def tell_young_adults(session: Session, registry: RegistryClient, today: dt.date) -> int:
    """On their 18th birthday, tell young people their representative's authority has ended (once)."""
    told = 0
    for person in registry.turning_18_on(today):
        if represented_in_law(person, today):
            continue  # a guardian a court appointed acts on: nothing changes at 18
        exists = session.scalar(select(Message.id).where(Message.kind == "mandate_came_of_age",
                                                         Message.about == person.iin))
        if not exists:
            tell(session, registry, person.iin, "came_of_age", None, reference=person.iin)
            told += 1
    session.commit()
    return told
