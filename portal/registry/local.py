"""LocalRegistry: the registry tables in the portal's own database (the embedded default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, selectinload

from portal.models import MseDecision, Person, ProgrammeItem, RehabilitationProgramme
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
        row = self.session.execute(person_rows().where(PERSON.c.iin == iin)).first()
        return person_from(row) if row else None

    def person_file(self, iin: str) -> PersonFile | None:
        """The person's file in two statements of flat rows, read as records without ORM objects
        (issue #20: building and tracking the objects cost more than the SQL): the person with
        their decisions, newest first, and their programmes with their items."""
        rows = self.session.execute(person_rows().add_columns(*DECISION_COLUMNS).outerjoin(
            DECISION, DECISION.c.person_id == PERSON.c.id).where(PERSON.c.iin == iin)
            .order_by(DECISION.c.decision_date.desc())).all()
        if not rows:
            return None
        decisions = tuple(record_from(DecisionRecord, row) for row in rows if row.number is not None)
        return PersonFile(person=person_from(rows[0]), decisions=decisions, programmes=programmes_of(self.session, iin))

    def represented_by(self, iin: str) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(represented_by(iin).order_by(Person.birth_date))]

    def turning_18_on(self, day: dt.date) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(turning_18_on(day).order_by(Person.id))]

    def terms_ending(self, first: dt.date, last: dt.date) -> list[tuple[PersonRecord, DecisionRecord]]:
        rows = self.session.execute(terms_ending(first, last).order_by(MseDecision.valid_until, Person.id))
        return [(person_record(person), decision_record(decision)) for person, decision in rows]


# A person's file as flat rows ---------------------------------------------------------------------

PERSON, DECISION = Person.__table__, MseDecision.__table__
PROGRAMME, ITEM = RehabilitationProgramme.__table__, ProgrammeItem.__table__
REPRESENTATIVE = PERSON.alias("representative")
PERSON_COLUMNS = [PERSON.c[f.name] for f in fields(PersonRecord) if f.name != "legal_representative_iin"]
DECISION_COLUMNS = [DECISION.c[f.name] for f in fields(DecisionRecord)]
PROGRAMME_COLUMNS = [PROGRAMME.c[f.name] for f in fields(ProgrammeRecord) if f.name not in ("decision_number", "items")]
# Labelled apart: an item's valid columns would otherwise share names with its programme's.
ITEM_COLUMNS = [ITEM.c[f.name].label(f"item_{f.name}") for f in fields(ItemRecord)]


def person_rows() -> Select:
    """The person's columns and their legal representative's IIN, in one row."""
    return (select(*PERSON_COLUMNS, REPRESENTATIVE.c.iin.label("legal_representative_iin"))
            .select_from(PERSON.outerjoin(REPRESENTATIVE, PERSON.c.legal_representative_id == REPRESENTATIVE.c.id)))


def person_from(row) -> PersonRecord:
    return record_from(PersonRecord, row)


def record_from(record_type, row, **overrides):
    """A record of `record_type` from the same-named columns of a row."""
    values = row._mapping
    return record_type(**{f.name: values[f.name] for f in fields(record_type) if f.name not in overrides}, **overrides)


def programmes_of(session: Session, iin: str) -> tuple[ProgrammeRecord, ...]:
    """The person's programmes, newest first, each with its decision's number and its items by line:
    one row an item (a programme without items, one row)."""
    rows = session.execute(
        select(*PROGRAMME_COLUMNS, PROGRAMME.c.id, DECISION.c.number.label("decision_number"), *ITEM_COLUMNS)
        .join(DECISION, PROGRAMME.c.decision_id == DECISION.c.id)
        .join(PERSON, PROGRAMME.c.person_id == PERSON.c.id)
        .outerjoin(ITEM, ITEM.c.programme_id == PROGRAMME.c.id)
        .where(PERSON.c.iin == iin)
        .order_by(PROGRAMME.c.drawn_up_on.desc(), PROGRAMME.c.id, ITEM.c.line)).all()
    programmes: dict[int, tuple] = {}
    for row in rows:
        programme, items = programmes.setdefault(row.id, (row, []))
        if row.item_line is not None:
            values = row._mapping
            items.append(ItemRecord(**{f.name: values[f"item_{f.name}"] for f in fields(ItemRecord)}))
    return tuple(record_from(ProgrammeRecord, programme, items=tuple(items))
                 for programme, items in programmes.values())


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
