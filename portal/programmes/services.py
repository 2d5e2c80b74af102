"""Staff follow the programmes through (issue #24, point 1): the items of their region's persons that
fall due within 30 days, are overdue or were not provided, and what the department did about each.

The list is a back-office report over the data bank, like the audit search: it reads the registry
tables directly (RegistryClient answers about one person, not "every late item of a region"). A
deployment with REGISTRY_URL runs it where the registry tables are. The item page reads the person
through RegistryClient, like every other look at a person's file.

Every page costs the same few queries, whatever its size: the districts of the region, how many
items match (counted up to COUNT_LIMIT), the page of them with their persons, and the latest
follow-up of the items on the page. At 1,000,000 persons no query reads all of a large region's
items: each item keeps copies of its person's region and district and whether its programme is the
person's newest (the importer keeps them in step), and the partial indexes on (region, due_date,
id) and (region, district, due_date, id) of the items not provided of newest programmes give a
page in its order, read only as far as its last row; the count stops at COUNT_LIMIT; the districts
are read by skipping along the index on person (region, district), one probe a district.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, literal, select, text
from sqlalchemy.orm import Session

from portal import audit, clock
from portal.models import Person, ProgrammeFollowUp, ProgrammeItem, RehabilitationProgramme, StaffUser
from portal.paging import Paging, page_count
from portal.registry import RegistryClient
from portal.registry.records import ItemRecord, PersonFile, ProgrammeRecord

PAGE_SIZE = 50
DUE_SOON_DAYS = 30  # an item due within this many days is on the list before it is late
OVERDUE_AT_LEAST = (0, 1, 30, 90, 365)  # the "days overdue" filter: 0 is any item on the list
SORTS = ("overdue", "due_latest")
# A page says how many items match up to this many, and "more than" beyond: counting all of a large
# region's items would read them all on every page. Filters narrow the list; the CSV has every one.
COUNT_LIMIT = 1000
# What the list reads of the registry for each row.
ROW_COLUMNS = (
    RehabilitationProgramme.number.label("programme_number"), ProgrammeItem.line, ProgrammeItem.kind,
    ProgrammeItem.status, ProgrammeItem.due_date, ProgrammeItem.provider, ProgrammeItem.payer, Person.iin,
    Person.surname, Person.given_name, Person.patronymic, Person.district,
)


class NotFound(LookupError):
    """No item of the staff member's region has this programme number and line."""


@dataclass(frozen=True)
class Filters:
    """What the officer chose to see; every value has been checked by the form (forms.py)."""

    kind: str | None = None
    district: str | None = None
    provider: str | None = None  # a part of the provider's name
    payer: str | None = None
    overdue_at_least: int = 0  # days
    sort: str = "overdue"

    def as_args(self) -> dict:
        """The filters as the list's address writes them: the CSV link and the page links keep them."""
        values = {"kind": self.kind, "district": self.district, "provider": self.provider, "payer": self.payer,
                  "overdue": str(self.overdue_at_least) if self.overdue_at_least else None,
                  "sort": self.sort if self.sort != "overdue" else None}
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Row:
    """An item on the list, with its person and the latest follow-up (None before the first)."""

    programme_number: str
    line: int
    kind: str
    status: str
    due_date: dt.date | None
    provider: str | None
    payer: str
    iin: str
    surname: str
    given_name: str
    patronymic: str | None
    district: str | None
    latest: ProgrammeFollowUp | None = None
    today: dt.date = field(default_factory=clock.today)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    @property
    def days_overdue(self) -> int:
        """Days since the due date passed; 0 while it has not."""
        if self.due_date is None or self.due_date >= self.today:
            return 0
        return (self.today - self.due_date).days


@dataclass(frozen=True)
class ItemPage(Paging):
    rows: list[Row]
    number: int
    total: int  # at most COUNT_LIMIT + 1

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_LIMIT

    @property
    def pages(self) -> int:
        return pages_for(self.total)


def pages_for(total: int) -> int:
    return page_count(min(total, COUNT_LIMIT), PAGE_SIZE)


def on_the_list(region: str, filters: Filters, today: dt.date) -> list:
    """The conditions of the list: the items of the region's persons' newest programmes not provided
    whose due date is within 30 days or has passed, which takes in the overdue ones and those found
    not provided (after their due date). All on the item's own columns (its copies of the person's
    region and district), written as the partial indexes write them, so that the index gives the
    range (region, up to the due date) and its order, and a page reads no further than its last row."""
    conditions = [
        ProgrammeItem.region == region,
        ProgrammeItem.newest,
        ProgrammeItem.status != "provided",
        ProgrammeItem.due_date <= today + dt.timedelta(DUE_SOON_DAYS),
    ]
    if filters.kind:
        conditions.append(ProgrammeItem.kind == filters.kind)
    if filters.district:
        conditions.append(ProgrammeItem.district == filters.district)
    if filters.provider:
        conditions.append(ProgrammeItem.provider.ilike(f"%{like_escaped(filters.provider)}%", escape="\\"))
    if filters.payer:
        conditions.append(ProgrammeItem.payer == filters.payer)
    if filters.overdue_at_least:
        conditions.append(ProgrammeItem.due_date <= today - dt.timedelta(filters.overdue_at_least))
    return conditions


def like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ordering(sort: str) -> list:
    """The order of the list, the index's (region, due_date, id) forwards or backwards, so that a
    page reads only as far as its last row."""
    if sort == "due_latest":
        return [ProgrammeItem.due_date.desc().nulls_first(), ProgrammeItem.id.desc()]
    return [ProgrammeItem.due_date.asc().nulls_last(), ProgrammeItem.id]  # most overdue first


def joined(query):
    """The items with their programme and person: only the rows of a page are joined."""
    return (query.select_from(ProgrammeItem)
            .join(RehabilitationProgramme, ProgrammeItem.programme_id == RehabilitationProgramme.id)
            .join(Person, RehabilitationProgramme.person_id == Person.id))


def item_page(session: Session, staff: StaffUser, filters: Filters, number: int,
              today: dt.date | None = None) -> ItemPage:
    """One page of the list, in three queries: how many (up to COUNT_LIMIT and one), the page, and
    the page's latest follow-ups. A page past the end (or past the counted pages) shows the last one."""
    today = today or clock.today()
    conditions = on_the_list(staff.region, filters, today)
    # In the index's order, so that the count walks the index too (unordered, a small region's
    # count would read the table from its start).
    counted = (select(literal(1)).select_from(ProgrammeItem).where(*conditions).order_by(*ordering("overdue"))
               .limit(COUNT_LIMIT + 1).subquery())
    total = session.scalar(select(func.count()).select_from(counted))
    number = max(1, min(number, pages_for(total)))
    found = session.execute(joined(select(*ROW_COLUMNS)).where(*conditions).order_by(*ordering(filters.sort))
                            .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return ItemPage(with_latest(session, found, today), number, total)


def all_rows(session: Session, staff: StaffUser, filters: Filters, today: dt.date | None = None) -> list[Row]:
    """Every item the filters give, for the CSV: two queries, the items and their latest follow-ups."""
    today = today or clock.today()
    found = session.execute(joined(select(*ROW_COLUMNS)).where(*on_the_list(staff.region, filters, today))
                            .order_by(*ordering(filters.sort))).all()
    return with_latest(session, found, today)


def with_latest(session: Session, found, today: dt.date) -> list[Row]:
    latest = latest_follow_ups(session, {row.programme_number for row in found})
    return [Row(**row._asdict(), latest=latest.get((row.programme_number, row.line)), today=today) for row in found]


def latest_follow_ups(session: Session, numbers: set[str]) -> dict[tuple[str, int], ProgrammeFollowUp]:
    """The newest follow-up of each item of these programmes, in one query."""
    if not numbers:
        return {}
    latest = {}
    for follow_up in session.scalars(select(ProgrammeFollowUp).where(ProgrammeFollowUp.programme_number.in_(numbers))
                                     .order_by(ProgrammeFollowUp.created_at, ProgrammeFollowUp.id)):
        latest[follow_up.programme_number, follow_up.line] = follow_up
    return latest


# The districts of a region, one index probe each: from the first district along the index on
# (region, district), the next one greater than the last, until there is none. A DISTINCT would read
# every person of the region (a loose index scan, which neither database does by itself).
DISTRICTS = text("""
    WITH RECURSIVE districts(district) AS (
        SELECT min(district) FROM person WHERE region = :region
        UNION ALL
        SELECT (SELECT min(district) FROM person WHERE region = :region AND district > districts.district)
        FROM districts WHERE districts.district IS NOT NULL
    )
    SELECT district FROM districts WHERE district IS NOT NULL
""")


def districts_of(session: Session, region: str) -> list[str]:
    """The districts of the region's persons, as the registry writes them, in their sorted order."""
    return list(session.scalars(DISTRICTS, {"region": region}))


# The item page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFile:
    """What the item page shows: the person's file, the programme and the item, the follow-ups of
    every item of the programme (newest first) and the staff who recorded them."""

    file: PersonFile
    programme: ProgrammeRecord
    item: ItemRecord
    follow_ups: dict[int, list[ProgrammeFollowUp]]
    staff: dict[int, StaffUser]

    @property
    def history(self) -> list[ProgrammeFollowUp]:
        return self.follow_ups.get(self.item.line, [])

    def latest(self, line: int) -> ProgrammeFollowUp | None:
        found = self.follow_ups.get(line)
        return found[0] if found else None


def whose_programme(session: Session, number: str) -> str | None:
    """The IIN of the person whose programme has this number (the registry's stable key)."""
    return session.scalar(select(Person.iin)
                          .join(RehabilitationProgramme, RehabilitationProgramme.person_id == Person.id)
                          .where(RehabilitationProgramme.number == number))


def item_for_staff(session: Session, registry: RegistryClient, staff: StaffUser, number: str,
                   line: int) -> ItemFile:
    """The item with the person's file when the person is of the staff member's region; every look
    is in the audit log. An unknown item and one of another region raise the same NotFound, the
    refused look recorded for both, as request_for_staff records one."""
    iin = whose_programme(session, number)
    file = registry.person_file(iin) if iin else None
    programme = next((p for p in file.programmes if p.number == number), None) if file else None
    item = next((i for i in programme.items if i.line == line), None) if programme else None
    if item is None or file.person.region != staff.region:
        audit.record("programme_view_refused", actor_iin=None, actor_staff_id=staff.id, subject_iin=iin,
                     detail=f"programme {number}", session=session)
        session.commit()
        raise NotFound(number, line)
    audit.record("view", actor_iin=None, actor_staff_id=staff.id, subject_iin=iin, detail=f"programme {number}",
                 session=session)
    session.commit()
    follow_ups: dict[int, list[ProgrammeFollowUp]] = {}
    staff_ids = set()
    for follow_up in session.scalars(select(ProgrammeFollowUp).where(ProgrammeFollowUp.programme_number == number)
                                     .order_by(ProgrammeFollowUp.created_at.desc(), ProgrammeFollowUp.id.desc())):
        follow_ups.setdefault(follow_up.line, []).append(follow_up)
        staff_ids.add(follow_up.staff_id)
    who = {s.id: s for s in session.scalars(select(StaffUser).where(StaffUser.id.in_(staff_ids)))} if staff_ids else {}
    return ItemFile(file, programme, item, follow_ups, who)


def record_follow_up(session: Session, staff: StaffUser, found: ItemFile, *, action: str, note: str | None,
                     next_look_on: dt.date) -> ProgrammeFollowUp:
    """Record what the officer did about the item, and the audit event of it, in one transaction."""
    follow_up = ProgrammeFollowUp(
        programme_number=found.programme.number, line=found.item.line, person_iin=found.file.person.iin,
        region=found.file.person.region, action=action, note=note or None, next_look_on=next_look_on,
        staff_id=staff.id, created_at=clock.utcnow())
    session.add(follow_up)
    audit.record("programme_follow_up", actor_iin=None, actor_staff_id=staff.id, subject_iin=found.file.person.iin,
                 detail=f"programme {found.programme.number} item {found.item.line}: {action}", session=session)
    session.commit()
    return follow_up


def exported(session: Session, staff: StaffUser, filters: Filters, count: int) -> None:
    """The CSV export in the audit log, with the filters and how many rows left the portal."""
    chosen = " ".join(f"{key}={value}" for key, value in sorted(filters.as_args().items()))
    audit.record("programme_list_exported", actor_iin=None, actor_staff_id=staff.id, subject_iin=None,
                 detail=f"{count} rows; {chosen or 'no filters'}", session=session)
    session.commit()


# The person's programme page ----------------------------------------------------------------------

def followed_up(session: Session, programme: ProgrammeRecord | None) -> dict[int, dt.date]:
    """The items of the programme not yet provided that the department follows up, each with the
    date it will look again (the latest follow-up's): one query. The person never sees the note or who."""
    if programme is None or all(item.status == "provided" for item in programme.items):
        return {}
    open_lines = {item.line for item in programme.items if item.status != "provided"}
    latest = {}
    for line, next_look_on in session.execute(
            select(ProgrammeFollowUp.line, ProgrammeFollowUp.next_look_on)
            .where(ProgrammeFollowUp.programme_number == programme.number)
            .order_by(ProgrammeFollowUp.created_at, ProgrammeFollowUp.id)):
        if line in open_lines:
            latest[line] = next_look_on
    return latest
