"""LocalRegistry: the registry tables in the portal's own database (the embedded default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import Select, bindparam, case, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, selectinload

from portal import clock
from portal.models import Benefit, MseDecision, Payment, Person, ProgrammeItem, RehabilitationProgramme
from portal.registry.client import RegistryUnavailable
from portal.registry.records import (
    PAYMENT_MONTHS_READ,
    BenefitForPerson,
    BenefitHolder,
    BenefitRecord,
    BenefitsFile,
    DecisionRecord,
    ItemRecord,
    PersonFile,
    PaymentRecord,
    PersonRecord,
    ProgrammeRecord,
)
from portal.registry.rules import months_after


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
        row = self.session.execute(PERSON_BY_IIN, {"iin": iin}).first()
        return PersonRecord(*row) if row else None

    def person_file(self, iin: str) -> PersonFile | None:
        """The person's file in one statement of flat rows, read as records without ORM objects
        (issue #20: building and tracking the objects cost more than the SQL)."""
        return file_from(self.session.execute(FILE_BY_IIN, {"iin": iin}).all())

    def benefits(self, iin: str, *, with_payments: bool = True) -> list[BenefitRecord] | None:
        """The person's benefits, newest first, each with its payments of the last
        PAYMENT_MONTHS_READ months, newest first; None for nobody. Without payments, in one statement."""
        if not with_payments:
            rows = self.session.execute(BENEFITS_BY_IIN, {"iin": iin}).all()
            return [BenefitRecord(*row[1:], payments=()) for row in rows if row[0] is not None] if rows else None
        found = self.benefits_file(iin)
        return list(found.benefits) if found is not None else None

    def benefits_file(self, iin: str) -> BenefitsFile | None:
        """The same as a BenefitsFile, in two statements whatever the number of payments: the
        benefits (one row for a person without any), then all their payments at once."""
        rows = self.session.execute(BENEFITS_BY_IIN, {"iin": iin}).all()
        if not rows:
            return None
        since = months_after(clock.today().replace(day=1), -PAYMENT_MONTHS_READ)
        ids = [row[0] for row in rows if row[0] is not None]
        payments: dict[int, list[PaymentRecord]] = {key: [] for key in ids}
        if ids:
            for row in self.session.execute(payments_of(ids, since)):
                payments[row[0]].append(PaymentRecord(*row[1:]))
        benefits = tuple(BenefitRecord(*row[1:], payments=tuple(payments[row[0]])) for row in rows if row[0] is not None)
        return BenefitsFile(iin=iin, payments_since=since, benefits=benefits)

    def benefits_for(self, iin: str) -> list[BenefitForPerson]:
        """In one statement: the benefits with their holders, newest first."""
        rows = self.session.execute(benefits_for(iin).order_by(BENEFIT.c.assigned_on.desc(), BENEFIT.c.id.desc()))
        return [benefit_for_record(row) for row in rows]

    def represented_by(self, iin: str) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(represented_by(iin).order_by(Person.birth_date))]

    def turning_18_on(self, day: dt.date) -> list[PersonRecord]:
        return [person_record(p) for p in self.session.scalars(turning_18_on(day).order_by(Person.id))]

    def terms_ending(self, first: dt.date, last: dt.date) -> list[tuple[PersonRecord, DecisionRecord]]:
        rows = self.session.execute(terms_ending(first, last).order_by(REEXAMINATION_DUE, Person.id))
        return [(person_record(person), decision_record(decision)) for person, decision in rows]


# A person's file as flat rows ---------------------------------------------------------------------

PERSON, DECISION = Person.__table__, MseDecision.__table__
PROGRAMME, ITEM = RehabilitationProgramme.__table__, ProgrammeItem.__table__
REPRESENTATIVE = PERSON.alias("representative")


def columns(record_type, table, prefix: str, **others) -> list:
    """The columns of a record's fields, in the fields' order (so a slice of a row makes the record),
    each labelled with `prefix`: a decision's and a programme's columns share names. `others` gives
    the column of a field the table does not hold."""
    return [others.get(f.name, table.c.get(f.name)).label(prefix + f.name)
            for f in fields(record_type) if f.name in others or f.name in table.c]


PERSON_COLUMNS = columns(PersonRecord, PERSON, "", legal_representative_iin=REPRESENTATIVE.c.iin)
DECISION_COLUMNS = columns(DecisionRecord, DECISION, "decision_")
PROGRAMME_COLUMNS = columns(ProgrammeRecord, PROGRAMME, "programme_", decision_number=DECISION.c.number)
ITEM_COLUMNS = columns(ItemRecord, ITEM, "item_")
WITH_REPRESENTATIVE = PERSON.outerjoin(REPRESENTATIVE, PERSON.c.legal_representative_id == REPRESENTATIVE.c.id)

PERSON_BY_IIN = select(*PERSON_COLUMNS).select_from(WITH_REPRESENTATIVE).where(PERSON.c.iin == bindparam("iin"))

# One row for each item of each programme of each decision (a decision without a programme, or a
# programme without items, makes one row): decisions newest first, a programme's items by line.
FILE_BY_IIN = (
    select(*PERSON_COLUMNS, DECISION.c.id, *DECISION_COLUMNS, PROGRAMME.c.id, *PROGRAMME_COLUMNS, *ITEM_COLUMNS)
    .select_from(WITH_REPRESENTATIVE
                 .outerjoin(DECISION, DECISION.c.person_id == PERSON.c.id)
                 .outerjoin(PROGRAMME, (PROGRAMME.c.decision_id == DECISION.c.id) & (PROGRAMME.c.person_id == PERSON.c.id))
                 .outerjoin(ITEM, ITEM.c.programme_id == PROGRAMME.c.id))
    .where(PERSON.c.iin == bindparam("iin"))
    .order_by(DECISION.c.decision_date.desc(), DECISION.c.id, PROGRAMME.c.id, ITEM.c.line))


# A person's benefits and their payments ----------------------------------------------------------

BENEFIT, PAYMENT = Benefit.__table__, Payment.__table__
CARED_FOR = PERSON.alias("cared_for")
BENEFIT_COLUMNS = columns(BenefitRecord, BENEFIT, "benefit_", for_person_iin=CARED_FOR.c.iin)
PAYMENT_COLUMNS = columns(PaymentRecord, PAYMENT, "payment_")

# The person's row joined to each of their benefits (one row with empty benefit columns for a person
# without any, so that "nobody" and "no benefits" differ), newest first.
BENEFITS_BY_IIN = (
    select(BENEFIT.c.id, *BENEFIT_COLUMNS)
    .select_from(PERSON.outerjoin(BENEFIT, BENEFIT.c.person_id == PERSON.c.id)
                 .outerjoin(CARED_FOR, CARED_FOR.c.id == BENEFIT.c.for_person_id))
    .where(PERSON.c.iin == bindparam("iin"))
    .order_by(BENEFIT.c.assigned_on.desc(), BENEFIT.c.id.desc()))


HOLDER = PERSON.alias("holder")
HOLDER_COLUMNS = columns(BenefitHolder, HOLDER, "holder_")


def benefits_for(iin: str) -> Select:
    """The benefits whose `for_person` has this IIN (a carer's, a parent's), with their holders'
    columns after the benefit's; unordered, for LocalRegistry and the registry API to order."""
    return (select(BENEFIT.c.id, *BENEFIT_COLUMNS, *HOLDER_COLUMNS)
            .select_from(BENEFIT.join(CARED_FOR, CARED_FOR.c.id == BENEFIT.c.for_person_id)
                         .join(HOLDER, HOLDER.c.id == BENEFIT.c.person_id))
            .where(CARED_FOR.c.iin == iin))


def benefit_for_record(row) -> BenefitForPerson:
    """A row of `benefits_for` as its record: the benefit without payments, then its holder."""
    benefit_end = 1 + len(BENEFIT_COLUMNS)
    return BenefitForPerson(holder=BenefitHolder(*row[benefit_end:]),
                            benefit=BenefitRecord(*row[1:benefit_end], payments=()))


def payments_of(benefit_ids: list[int], since: dt.date) -> Select:
    return (select(PAYMENT.c.benefit_id, *PAYMENT_COLUMNS)
            .where(PAYMENT.c.benefit_id.in_(benefit_ids), PAYMENT.c.month >= since)
            .order_by(PAYMENT.c.benefit_id, PAYMENT.c.month.desc()))


def spans(*groups: tuple[list, bool]) -> list[slice]:
    """The slice of a row that each group of columns takes; (columns, True) for a group whose id
    comes just before it."""
    found, start = [], 0
    for group, after_id in groups:
        start += after_id
        found.append(slice(start, start + len(group)))
        start += len(group)
    return found


_PERSON, _DECISION, _PROGRAMME, _ITEM = spans((PERSON_COLUMNS, False), (DECISION_COLUMNS, True),
                                              (PROGRAMME_COLUMNS, True), (ITEM_COLUMNS, False))
_DECISION_ID, _PROGRAMME_ID = _DECISION.start - 1, _PROGRAMME.start - 1


def file_from(rows) -> PersonFile | None:
    """The file from FILE_BY_IIN's rows: programmes newest first (by the day drawn up, then as
    registered), whichever decision they belong to."""
    if not rows:
        return None
    decisions: dict[int, DecisionRecord] = {}
    programmes: dict[int, tuple[tuple, list[ItemRecord]]] = {}
    for row in rows:
        if row[_DECISION_ID] is None:
            continue
        if row[_DECISION_ID] not in decisions:
            decisions[row[_DECISION_ID]] = DecisionRecord(*row[_DECISION])
        if row[_PROGRAMME_ID] is None:
            continue
        _, items = programmes.setdefault(row[_PROGRAMME_ID], (row[_PROGRAMME], []))
        if row[_ITEM.start] is not None:
            items.append(ItemRecord(*row[_ITEM]))
    made = {key: ProgrammeRecord(*values, items=tuple(items)) for key, (values, items) in programmes.items()}
    newest_first = sorted(made, key=lambda key: (-made[key].drawn_up_on.toordinal(), key))
    return PersonFile(person=PersonRecord(*rows[0][_PERSON]), decisions=tuple(decisions.values()),
                      programmes=tuple(made[key] for key in newest_first))


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


# When a decision's holder is to be examined again, as DecisionRecord.reexamination_due says: the
# earlier of the re-examination date and the end of the term.
REEXAMINATION_DUE = case(
    (MseDecision.reexamination_date < MseDecision.valid_until, MseDecision.reexamination_date),
    else_=func.coalesce(MseDecision.valid_until, MseDecision.reexamination_date))


def terms_ending(first: dt.date, last: dt.date) -> Select:
    """(person, decision) where the person's newest decision falls due for re-examination between
    the dates, inclusive."""
    newest = (
        select(MseDecision.person_id, func.max(MseDecision.decision_date).label("decision_date"))
        .group_by(MseDecision.person_id)
        .subquery()
    )
    return (select(Person, MseDecision)
            .join(MseDecision, MseDecision.person_id == Person.id)
            .join(newest, (newest.c.person_id == MseDecision.person_id)
                  & (newest.c.decision_date == MseDecision.decision_date))
            .where(REEXAMINATION_DUE.between(first, last))
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
