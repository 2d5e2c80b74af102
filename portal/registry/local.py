"""LocalRegistry: the registry tables in the portal's own database (the embedded default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, selectinload

from portal.models import MseDecision, Person, RehabilitationProgramme
from portal.registry.client import RegistryUnavailable
from portal.registry.records import (
    DecisionRecord,
    ItemRecord,
    PersonFile,
    PersonRecord,
    ProgrammeRecord,
)


class LocalRegistry:
    def __init__(self, session_factory):
        # A callable returning the session to use: the request's scoped session in the app.
        self._session = session_factory

    @property
    def session(self) -> Session:
        return self._session()

    def ping(self) -> None:
        try:
            self.session.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            raise RegistryUnavailable(str(error)) from error

    def find_person(self, iin: str) -> PersonRecord | None:
        person = self.session.scalar(
            select(Person).where(Person.iin == iin).options(selectinload(Person.legal_representative))
        )
        return person_record(person) if person else None

    def person_file(self, iin: str) -> PersonFile | None:
        person = self.session.scalar(
            select(Person)
            .where(Person.iin == iin)
            .options(
                selectinload(Person.legal_representative),
                selectinload(Person.decisions),
                selectinload(Person.programmes)
                .selectinload(RehabilitationProgramme.items),
                # Joined into the programmes' query: a programme has one decision, so the join
                # adds no rows, and saves a query on every page that shows a person's file.
                selectinload(Person.programmes).joinedload(RehabilitationProgramme.decision),
            )
        )
        if person is None:
            return None
        return PersonFile(
            person=person_record(person),
            decisions=tuple(decision_record(d) for d in person.decisions),
            programmes=tuple(programme_record(p) for p in person.programmes),
        )

    def represented_by(self, iin: str) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(represented_by(iin).order_by(Person.birth_date))]

    def turning_18_on(self, day: dt.date) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(turning_18_on(day).order_by(Person.id))]

    def terms_ending(self, first: dt.date, last: dt.date) -> list[tuple[PersonRecord, DecisionRecord]]:
        rows = self.session.execute(terms_ending(first, last).order_by(MseDecision.valid_until, Person.id))
        return [(person_record(person), decision_record(decision)) for person, decision in rows]


# The queries behind the lists, unordered: LocalRegistry orders them for people, the registry API
# pages through them by primary key.

def represented_by(iin: str) -> Select:
    representative = aliased(Person)
    return (select(Person).join(representative, Person.legal_representative_id == representative.id)
            .where(representative.iin == iin).options(selectinload(Person.legal_representative)))


def turning_18_on(day: dt.date) -> Select:
    born = [day.replace(year=day.year - 18)] if not (day.month == 2 and day.day == 29) else []
    if day.month == 3 and day.day == 1:  # born on 29 February, adults from 1 March
        try:
            born.append(dt.date(day.year - 18, 2, 29))
        except ValueError:
            pass
    return (select(Person).where(Person.birth_date.in_(born), Person.legal_representative_id.is_not(None))
            .options(selectinload(Person.legal_representative)))


def terms_ending(first: dt.date, last: dt.date) -> Select:
    """(person, decision) where the person's current decision's term ends between the dates, inclusive."""
    newest = (
        select(MseDecision.person_id, func.max(MseDecision.decision_date).label("decision_date"))
        .group_by(MseDecision.person_id)
        .subquery()
    )
    return (select(Person, MseDecision)
            .join(MseDecision, MseDecision.person_id == Person.id)
            .join(newest, (newest.c.person_id == MseDecision.person_id)
                  & (newest.c.decision_date == MseDecision.decision_date))
            .where(MseDecision.valid_until.between(first, last))
            .options(selectinload(Person.legal_representative)))


def copy_fields(record_type, row, **overrides):
    """A record of `record_type` with the same-named attributes of an ORM row."""
    values = {f.name: getattr(row, f.name) for f in fields(record_type) if f.name not in overrides}
    return record_type(**values, **overrides)


def person_record(person: Person) -> PersonRecord:
    representative = person.legal_representative
    return copy_fields(PersonRecord, person, legal_representative_iin=representative.iin if representative else None)


def decision_record(decision: MseDecision) -> DecisionRecord:
    return copy_fields(DecisionRecord, decision)


def programme_record(programme: RehabilitationProgramme) -> ProgrammeRecord:
    return copy_fields(
        ProgrammeRecord,
        programme,
        decision_number=programme.decision.number,
        items=tuple(copy_fields(ItemRecord, item) for item in programme.items),
    )
