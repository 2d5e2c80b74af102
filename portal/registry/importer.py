"""Import persons, MSE decisions, programmes and their items, benefits and their payments from JSON Lines.

One line is one person's file: the person, their decisions, their programmes with items and
their benefits with payments (the format is in README.md). A bad line is reported with its
number and reason and the good lines still load; each batch of lines is one transaction, each
line a savepoint within it. Importing the same file again changes nothing: persons are matched
by IIN, decisions and programmes by their document numbers, items by their line in the
programme. Nothing absent from a file is deleted: the registry keeps the history it was given.

Benefits are the exception: they carry no document number, so a line that has "benefits"
replaces all the person's benefits and payments with those it gives (a line without the key
leaves them as they are). A carer's or a parent's benefit may name a person whose line comes
later (the child's line names the parent, so it comes after): such benefits are written once
every line has been read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import vocabulary as v
from portal.iin import InvalidIIN, age_on, parse_iin
from portal.models import Benefit, MseDecision, Payment, Person, ProgrammeItem, RehabilitationProgramme
from portal.models.portal import utcnow
from portal.registry.rules import (
    CATEGORY_CAUSES,
    CHILD_CAUSES,
    CHILDHOOD_ENDS,
    GROUP_FROM,
    OLD_CATEGORIES,
    RegistryRules,
    child_category,
    current_rules,
    months_after,
    term_problem,
)

T = TypeVar("T")  # what the work of a line gives (in_savepoint)

PHONE = re.compile(r"^\+7\d{10}$")
ACCOUNT_LAST4 = re.compile(r"^\d{4}$")

PERSON_FIELDS = {"iin", "surname", "given_name", "patronymic", "region", "district", "phone", "preferred_language",
                 "legal_representative_iin", "carer_allowance_paid", "lives_alone", "guardianship_court_decision",
                 "guardianship_decided_on", "decisions", "programmes", "benefits"}
DECISION_FIELDS = {"number", "decision_date", "disability_group", "child_category", "cause", "onset_date",
                   "valid_from", "valid_until", "reexamination_date", "general_capacity_loss",
                   "professional_capacity_loss", "needs_outside_care", "difficulty_moving", "employer_name",
                   "employer_liquidated", "employer_at_fault"}
PROGRAMME_FIELDS = {"number", "decision", "drawn_up_on", "valid_until", "items"}
ITEM_FIELDS = {"line", "kind", "quantity", "hours_per_year", "status", "due_date", "started_on",
               "completed_on", "provider", "payer"}
BENEFIT_FIELDS = {"kind", "legal_basis", "assigned_on", "valid_from", "valid_until", "monthly_amount", "status",
                  "status_reason", "status_since", "assigned_by", "payer", "for_person_iin", "payments"}
PAYMENT_FIELDS = {"month", "amount", "paid_on", "account_last4", "change_note", "previous_amount"}
# The benefits paid to one person for another: the carer (SC Art. 187) and the parent or guardian.
BENEFITS_FOR_ANOTHER = frozenset({"carer_benefit", "parent_benefit"})


class BadRow(ValueError):
    """A line that cannot be imported; the message says where and why."""


class CaredForLater(BadRow):
    """A carer's or parent's benefit names a person not yet in the registry. A child's line names
    their parent (legal_representative_iin), so it must come after the parent's; the parent's
    benefit names the child: that benefit is written once the whole file has been read."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged


def batched(iterable, size: int):
    """itertools.batched of Python 3.12, for 3.11."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def import_people(
    session: Session,
    lines: Iterable[str],
    batch_size: int = 200,
    on_line: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    later: list[tuple[int, dict, str]] = []
    for batch in batched(enumerate(lines, start=1), batch_size):
        for line_no, text in batch:
            if text.strip():
                import_line(session, line_no, text, report, later)
            if on_line:
                on_line(line_no)
        session.commit()
    for batch in batched(later, batch_size):
        for line_no, data, outcome in batch:
            import_benefits_later(session, line_no, data, outcome, report)
        session.commit()
    return report


def import_line(session: Session, line_no: int, text: str, report: ImportReport,
                later: list[tuple[int, dict, str]] | None = None) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        report.errors.append((line_no, f"not valid JSON: {error.msg} at column {error.colno}"))
        return
    saved, loaded = in_savepoint(session, line_no, report,
                                 lambda: upsert_person(session, data, may_wait=later is not None))
    if not saved:
        return
    outcome, benefits_waiting = loaded
    setattr(report, outcome, getattr(report, outcome) + 1)
    if benefits_waiting:
        later.append((line_no, data, outcome))


def import_benefits_later(session: Session, line_no: int, data: dict, outcome: str, report: ImportReport) -> None:
    """The benefits of a line that named a person later in the file, once all lines are in. The
    person was loaded with the line; a benefit naming nobody is reported with the line's number."""
    person = session.scalar(select(Person).where(Person.iin == data["iin"]))
    saved, changed = in_savepoint(session, line_no, report,
                                  lambda: replace_benefits(session, person, read_benefits(data)))
    if saved and changed and outcome != "created":
        person.updated_at = utcnow()
        if outcome == "unchanged":
            report.unchanged, report.updated = report.unchanged - 1, report.updated + 1


def in_savepoint(session: Session, line_no: int, report: ImportReport, work: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, what `work` gave) once it is written in a savepoint of its own; (False, None) when
    the line is rejected, its error reported with its number and nothing of it kept."""
    try:
        with session.begin_nested():
            return True, work()
    except BadRow as error:
        report.errors.append((line_no, str(error)))
    except IntegrityError as error:
        report.errors.append((line_no, f"conflicts with the registry: {error.orig}"))
    return False, None


# Reading values -------------------------------------------------------------------------

class Reader:
    """Reads the fields of one JSON object, naming the path of any bad value in its error."""

    def __init__(self, data, path: str, allowed: set[str]):
        if not isinstance(data, dict):
            raise BadRow(f"{path or 'line'}: expected an object")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise BadRow(f"{self._at(path, unknown[0])}: unknown field")
        self.data, self.path = data, path

    @staticmethod
    def _at(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def fail(self, key: str, message: str):
        raise BadRow(f"{self._at(self.path, key)}: {message}")

    def text(self, key: str, *, required: bool = True, max_length: int = 100) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, "is required")
            return None
        if not isinstance(value, str):
            self.fail(key, "must be a string")
        if len(value.strip()) > max_length:
            self.fail(key, f"is longer than {max_length} characters")
        return value.strip()

    def code(self, key: str, codes, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        if value not in codes:
            self.fail(key, f"unknown code {value!r}; expected one of {', '.join(codes)}")
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.fail(key, f"{value!r} is not a date written as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a real date")

    def integer(self, key: str, *, low: int, high: int | None = None, required: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "must be a whole number")
        if value < low or (high is not None and value > high):
            self.fail(key, f"{value} is outside {low}–{high}" if high is not None else f"must be at least {low}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def iin(self, key: str, *, required: bool = True):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        try:
            return parse_iin(value if isinstance(value, str) else "")
        except InvalidIIN as error:
            self.fail(key, f"{value!r} is not a valid IIN ({IIN_REASONS[error.reason]})")

    def objects(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "must be a list")
        return value


IIN_REASONS = {
    "format": "it must be 12 digits",
    "century": "its 7th digit must be 1–6",
    "date": "its first six digits are not a birth date",
    "check_digit": "wrong check digit",
}


# Validating a person's file --------------------------------------------------------------

def read_person(data) -> tuple[dict, list[dict], list[tuple[dict, list[dict]]], str | None]:
    """Validate one line; return the person's columns, decisions, programmes with items and representative IIN."""
    r = Reader(data, "", PERSON_FIELDS)
    iin = r.iin("iin")
    phone = r.text("phone", required=False, max_length=20)
    if phone is not None and not PHONE.match(phone):
        r.fail("phone", f"{phone!r} is not a Kazakhstan number written as +7 and ten digits")
    representative = r.iin("legal_representative_iin", required=False)
    if representative and representative.value == iin.value:
        r.fail("legal_representative_iin", "a person cannot represent themselves")
    person = {
        "iin": iin.value,
        "birth_date": iin.birth_date,
        "sex": iin.sex,
        "surname": r.text("surname"),
        "given_name": r.text("given_name"),
        "patronymic": r.text("patronymic", required=False),
        "region": r.code("region", v.REGIONS),
        "district": r.text("district", required=False, max_length=100),
        "phone": phone,
        "preferred_language": r.code("preferred_language", v.LANGUAGES, required=False) or "kk",
        "carer_allowance_paid": r.boolean("carer_allowance_paid"),
        "lives_alone": r.boolean("lives_alone"),
        **read_guardianship(r, iin, representative),
    }
    decisions = [read_decision(d, f"decisions[{i}]", iin.birth_date) for i, d in enumerate(r.objects("decisions"))]
    unique(r, "decisions", [d["number"] for d in decisions], "decision number")
    by_number = {d["number"]: d for d in decisions}
    programmes = [read_programme(p, f"programmes[{i}]", by_number) for i, p in enumerate(r.objects("programmes"))]
    unique(r, "programmes", [p["number"] for p, _ in programmes], "programme number")
    return person, decisions, programmes, representative.value if representative else None


def read_guardianship(r: Reader, iin, representative) -> dict:
    """A guardian appointed by a court for an adult declared incapable (Civil Code Art. 26; issue
    #22, rule 9): the court decision's number and date, with the guardian as legal representative.
    A child is represented without it, until the 18th birthday."""
    court_decision = r.text("guardianship_court_decision", required=False, max_length=60)
    decided_on = r.date("guardianship_decided_on", required=court_decision is not None)
    if decided_on is not None and court_decision is None:
        r.fail("guardianship_court_decision", "a guardianship needs the number of the court decision")
    if court_decision is not None:
        if representative is None:
            r.fail("legal_representative_iin", "a guardianship needs the guardian as legal representative")
        if age_on(iin.birth_date, decided_on) < 18:
            r.fail("guardianship_decided_on",
                   "a court declares an adult incapable: the date is before the 18th birthday")
    return {"guardianship_court_decision": court_decision, "guardianship_decided_on": decided_on}


def unique(r: Reader, key: str, values: list, what: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            r.fail(key, f"{what} {value!r} appears twice")
        seen.add(value)


def read_decision(data, path: str, birth_date: dt.date) -> dict:
    r = Reader(data, path, DECISION_FIELDS)
    d = {
        "number": r.text("number", max_length=40),
        "decision_date": r.date("decision_date"),
        "disability_group": r.code("disability_group", v.GROUPS, required=False),
        "child_category": r.code("child_category", v.CHILD_CATEGORIES, required=False),
        "cause": r.code("cause", v.CAUSES),
        "onset_date": r.date("onset_date"),
        "valid_from": r.date("valid_from"),
        "valid_until": r.date("valid_until", required=False),
        "reexamination_date": r.date("reexamination_date", required=False),
        "general_capacity_loss": r.integer("general_capacity_loss", low=30, high=100),
        "professional_capacity_loss": r.integer("professional_capacity_loss", low=0, high=100),
        "needs_outside_care": r.boolean("needs_outside_care"),
        "difficulty_moving": r.boolean("difficulty_moving"),
        "employer_name": r.text("employer_name", required=False, max_length=200),
        "employer_liquidated": r.boolean("employer_liquidated"),
        "employer_at_fault": r.boolean("employer_at_fault"),
    }
    check_category(r, d, birth_date, current_rules())
    if d["onset_date"] > d["decision_date"]:
        r.fail("onset_date", "is after the decision date")
    if d["onset_date"] < birth_date:
        r.fail("onset_date", "is before the person's birth date")
    check_term(r, d, birth_date)
    check_employer(r, d)
    return d


def check_category(r: Reader, d: dict, birth_date: dt.date, rules: RegistryRules) -> None:
    """The child's category and group of the age on the decision date, under the rules of that
    date; a child's cause with a child's category; disability since childhood began before 18."""
    age = age_on(birth_date, d["decision_date"])
    expected = child_category(age, d["decision_date"], rules)
    if d["child_category"] != expected:
        r.fail("child_category", f"the person was {age} on the decision date, so it must be {expected or 'empty'}"
                                 + (f" (the categories before {rules.child_categories_changed_on})"
                                    if expected in OLD_CATEGORIES else ""))
    no_group_until = CHILDHOOD_ENDS[expected] if expected in v.CHILD_CATEGORIES_WITHOUT_GROUP else None
    if no_group_until and d["disability_group"]:
        r.fail("disability_group", f"a child under {no_group_until} is not given a group")
    if not no_group_until and not d["disability_group"]:
        r.fail("disability_group", f"is required from the age of {GROUP_FROM[expected in OLD_CATEGORIES]}")
    if (d["cause"] in CHILD_CAUSES or expected) and CHILD_CAUSES.get(d["cause"]) != expected:
        r.fail("cause", f"must be {CATEGORY_CAUSES[expected]!r} for a child of category {expected}" if expected
               else f"{d['cause']!r} is a child's cause; the person was {age} on the decision date")
    if d["cause"] == "from_childhood" and d["onset_date"] >= months_after(birth_date, 18 * 12):
        r.fail("onset_date", "disability since childhood began before the 18th birthday")


def check_term(r: Reader, d: dict, birth_date: dt.date) -> None:
    if d["valid_until"] is not None and d["valid_until"] < d["valid_from"]:
        r.fail("valid_until", "is before valid_from")
    if d["valid_until"] is None and d["reexamination_date"] is not None:
        r.fail("reexamination_date", "must be empty when the term is indefinite (valid_until is empty)")
    if d["reexamination_date"] and d["valid_until"] and d["reexamination_date"] > d["valid_until"]:
        r.fail("reexamination_date", "is after the end of the term (valid_until)")
    if problem := term_problem(d["valid_from"], d["valid_until"], d["child_category"], birth_date):
        r.fail("valid_until", problem)


def check_employer(r: Reader, d: dict) -> None:
    for key in ("professional_capacity_loss", "employer_name"):
        if d[key] is not None and d["cause"] not in v.EMPLOYER_LIABLE_CAUSES:
            r.fail(key, "is set only for a work injury or an occupational disease")
    if d["employer_liquidated"] and not d["employer_name"]:
        r.fail("employer_liquidated", "needs employer_name: say which employer was liquidated")
    if d["employer_at_fault"] and not d["employer_name"]:
        r.fail("employer_at_fault", "needs employer_name: say which employer was found at fault")


def read_programme(data, path: str, decisions: dict[str, dict]) -> tuple[dict, list[dict]]:
    r = Reader(data, path, PROGRAMME_FIELDS)
    p = {
        "number": r.text("number", max_length=40),
        "decision": r.text("decision", max_length=40),
        "drawn_up_on": r.date("drawn_up_on"),
        "valid_until": r.date("valid_until", required=False),
    }
    if p["decision"] not in decisions:
        r.fail("decision", f"{p['decision']!r} is not one of this person's decisions in the same line")
    decision = decisions[p["decision"]]
    items = [read_item(item, f"{path}.items[{i}]", decision) for i, item in enumerate(r.objects("items"))]
    unique(r, "items", [item["line"] for item in items], "line")
    return p, items


def read_item(data, path: str, decision: dict) -> dict:
    r = Reader(data, path, ITEM_FIELDS)
    item = {
        "line": r.integer("line", low=1, required=True),
        "kind": r.code("kind", v.IRP_ITEM_KINDS),
        "quantity": r.integer("quantity", low=1),
        "hours_per_year": r.integer("hours_per_year", low=1, high=8784),
        "status": r.code("status", v.ITEM_STATUSES),
        "due_date": r.date("due_date", required=False),
        "started_on": r.date("started_on", required=False),
        "completed_on": r.date("completed_on", required=False),
        "provider": r.text("provider", required=False, max_length=200),
        "payer": r.code("payer", v.PAYERS, required=False) or "state",
    }
    if item["status"] in {"provided", "not_provided"} and item["completed_on"] is None:
        r.fail("completed_on", "is required when the status is provided or not provided")
    if item["status"] in {"planned", "in_progress"} and item["completed_on"] is not None:
        r.fail("completed_on", "must be empty until the item is provided or found not provided")
    if item["status"] == "in_progress" and item["started_on"] is None:
        r.fail("started_on", "is required when the status is in progress")
    if item["started_on"] and item["completed_on"] and item["completed_on"] < item["started_on"]:
        r.fail("completed_on", "is before started_on")
    # A sign-language specialist's item says how many hours a year it gives, within reason.
    if item["kind"] == "sign_language":
        most = current_rules().sign_language_hours_max
        if item["hours_per_year"] is None:
            r.fail("hours_per_year", "is required for a sign-language specialist: the hours a year the programme gives")
        if item["hours_per_year"] > most:
            r.fail("hours_per_year", f"{item['hours_per_year']} is more than {most} (SIGN_LANGUAGE_HOURS_MAX)")
    # The employer pays only when found at fault for a work injury or an occupational disease, and
    # while it exists (DOMAIN.md §1.13). An item already provided or found not provided keeps the
    # payer it had: an employer liquidated since did pay for it.
    if item["payer"] == "employer":
        if decision["cause"] not in v.EMPLOYER_LIABLE_CAUSES:
            r.fail("payer", "the employer pays only under a work injury or an occupational disease")
        if not decision["employer_at_fault"]:
            r.fail("payer", "the employer pays only when the decision names an employer at fault (employer_at_fault)")
        if decision["employer_liquidated"] and item["status"] in {"planned", "in_progress"}:
            r.fail("payer", "the employer at fault has been liquidated: the state pays for what is still to come")
    return item


def read_benefits(data) -> list[tuple[dict, list[dict]]] | None:
    """The benefits of one line with their payments, or None when the line has no "benefits"."""
    r = Reader(data, "", PERSON_FIELDS)
    if "benefits" not in data:
        return None
    iin = data["iin"]
    return [read_benefit(b, f"benefits[{i}]", iin) for i, b in enumerate(r.objects("benefits"))]


def read_benefit(data, path: str, recipient_iin: str) -> tuple[dict, list[dict]]:
    r = Reader(data, path, BENEFIT_FIELDS)
    b = {
        "kind": r.code("kind", v.BENEFIT_KINDS),
        "legal_basis": r.text("legal_basis", max_length=100),
        "assigned_on": r.date("assigned_on"),
        "valid_from": r.date("valid_from"),
        "valid_until": r.date("valid_until", required=False),
        "monthly_amount": r.integer("monthly_amount", low=1, required=True),
        "status": r.code("status", v.BENEFIT_STATUSES),
        "status_reason": r.code("status_reason", v.BENEFIT_STATUS_REASONS, required=False),
        "status_since": r.date("status_since", required=False),
        "assigned_by": r.text("assigned_by", max_length=200),
        "payer": r.code("payer", v.BENEFIT_PAYERS),
    }
    for_person = r.iin("for_person_iin", required=False)
    b["for_person_iin"] = for_person.value if for_person else None
    if b["valid_until"] is not None and b["valid_until"] < b["valid_from"]:
        r.fail("valid_until", "is before valid_from")
    # A benefit being paid has no reason; a suspended or stopped one says why and since when.
    if b["status"] == "assigned":
        if b["status_reason"] is not None:
            r.fail("status_reason", "must be empty while the benefit is assigned")
    else:
        if b["status_reason"] is None:
            r.fail("status_reason", f"is required when the status is {b['status']}: say why")
        if b["status_since"] is None:
            r.fail("status_since", f"is required when the status is {b['status']}")
    if b["status_since"] is not None and b["status_since"] < b["valid_from"]:
        r.fail("status_since", "is before valid_from")
    # The carer benefit and the parent benefit are paid to the recipient for someone else (the
    # person cared for, the child); every other benefit is the recipient's own.
    if b["kind"] in BENEFITS_FOR_ANOTHER:
        if for_person is None:
            r.fail("for_person_iin", f"is required for {b['kind']}: the person cared for or the child")
        if for_person.value == recipient_iin:
            r.fail("for_person_iin", "a benefit for another person cannot be for the recipient themselves")
    elif for_person is not None:
        r.fail("for_person_iin", "is set only for carer_benefit and parent_benefit")
    payments = [read_payment(p, f"{path}.payments[{i}]", b) for i, p in enumerate(r.objects("payments"))]
    unique(r, "payments", [p["month"].isoformat() for p in payments], "month")
    return b, payments


def read_payment(data, path: str, benefit: dict) -> dict:
    r = Reader(data, path, PAYMENT_FIELDS)
    p = {
        "month": r.date("month"),
        "amount": r.integer("amount", low=1, required=True),
        "paid_on": r.date("paid_on"),
        "account_last4": r.text("account_last4", max_length=40),
        "change_note": r.code("change_note", v.PAYMENT_CHANGE_NOTES, required=False),
        "previous_amount": r.integer("previous_amount", low=1),
    }
    if p["month"].day != 1:
        r.fail("month", "must be the first day of the month it pays for")
    # The registry keeps only the last 4 digits of an account, never a full number.
    if not ACCOUNT_LAST4.match(p["account_last4"]):
        r.fail("account_last4", "must be the last 4 digits of the account, and nothing more")
    if p["paid_on"] < p["month"]:
        r.fail("paid_on", "is before the month it pays for")
    if p["month"] < benefit["valid_from"].replace(day=1):
        r.fail("month", "is before the benefit's valid_from")
    if benefit["valid_until"] is not None and p["month"] > benefit["valid_until"]:
        r.fail("month", "is after the benefit's valid_until")
    if p["previous_amount"] is not None and p["change_note"] is None:
        r.fail("previous_amount", "is given only with a change_note that says why the amount changed")
    return p


# Writing ---------------------------------------------------------------------------------

def assign(row, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def upsert_person(session: Session, data, *, may_wait: bool = False) -> tuple[str, bool]:
    """Write one person's file; return "created", "updated" or "unchanged", and whether its
    benefits wait for a person later in the file (with `may_wait`; else that is an error)."""
    person_values, decisions, programmes, representative_iin = read_person(data)
    benefits = read_benefits(data)
    if representative_iin:
        representative_id = session.scalar(select(Person.id).where(Person.iin == representative_iin))
        if representative_id is None:
            raise BadRow(
                f"legal_representative_iin: no person with IIN {representative_iin} in the registry"
                " (put the representative's line before the child's)"
            )
    else:
        representative_id = None
    person_values["legal_representative_id"] = representative_id

    person = session.scalar(select(Person).where(Person.iin == person_values["iin"]))
    created = person is None
    if created:
        person = Person(**person_values)
        session.add(person)
        changed = True
    else:
        changed = assign(person, person_values)
    session.flush()

    decision_rows = {}
    for values in decisions:
        row, row_changed = upsert_owned(session, MseDecision, person, values, "decision")
        decision_rows[values["number"]] = row
        changed |= row_changed
    for values, items in programmes:
        decision_number = values.pop("decision")
        values["decision_id"] = decision_rows[decision_number].id
        programme, row_changed = upsert_owned(session, RehabilitationProgramme, person, values, "programme")
        changed |= row_changed
        changed |= upsert_items(session, programme, items)
    refresh_item_copies(session, person)
    waiting = False
    if benefits is not None:
        try:
            with session.begin_nested():
                changed |= replace_benefits(session, person, benefits)
        except CaredForLater:
            if not may_wait:
                raise
            waiting = True
    if created:
        return "created", waiting
    if changed:
        person.updated_at = utcnow()
        return "updated", waiting
    return "unchanged", waiting


def refresh_item_copies(session: Session, person: Person) -> None:
    """Copy the person's region and district onto their programme items, and mark the items of their
    newest programme: the staff programme list reads one index of the items (issue #24). Done for
    every line, changed or not, so that a file imported again repairs copies gone out of step."""
    programmes = select(RehabilitationProgramme.id).where(RehabilitationProgramme.person_id == person.id)
    newest = programmes.order_by(RehabilitationProgramme.drawn_up_on.desc(),
                                 RehabilitationProgramme.id.desc()).limit(1).scalar_subquery()
    session.execute(update(ProgrammeItem).where(ProgrammeItem.programme_id.in_(programmes))
                    .values(region=person.region, district=person.district,
                            newest=ProgrammeItem.programme_id == newest)
                    .execution_options(synchronize_session=False))


def replace_benefits(session: Session, person: Person, benefits: list[tuple[dict, list[dict]]]) -> bool:
    """Replace the person's benefits and payments with those of the line; True when they differ.
    The same line imported again writes nothing, so that the person's updated_at (and the registry
    API's /changes) moves only when a benefit or a payment did."""
    for_ids = {}
    for i, (values, _) in enumerate(benefits):
        for_iin = values["for_person_iin"]
        if for_iin is not None and for_iin not in for_ids:
            for_ids[for_iin] = session.scalar(select(Person.id).where(Person.iin == for_iin))
            if for_ids[for_iin] is None:
                raise CaredForLater(f"benefits[{i}].for_person_iin: no person with IIN {for_iin} in the registry"
                                    " or in this file")
    wanted = [({**{k: x for k, x in values.items() if k != "for_person_iin"},
                "for_person_id": for_ids.get(values["for_person_iin"])}, payments) for values, payments in benefits]
    existing = session.scalars(select(Benefit).where(Benefit.person_id == person.id).order_by(Benefit.id)).all()
    if benefit_contents(existing) == sorted_contents(wanted):
        return False
    for row in existing:
        session.delete(row)
    session.flush()
    for values, payments in wanted:
        session.add(Benefit(person_id=person.id, **values, payments=[Payment(**p) for p in payments]))
    session.flush()
    return True


BENEFIT_COLUMNS = ("kind", "legal_basis", "assigned_on", "valid_from", "valid_until", "monthly_amount", "status",
                   "status_reason", "status_since", "assigned_by", "payer", "for_person_id")
PAYMENT_COLUMNS = ("month", "amount", "paid_on", "account_last4", "change_note", "previous_amount")


def benefit_contents(rows: list[Benefit]) -> list:
    return sorted_contents([({c: getattr(b, c) for c in BENEFIT_COLUMNS},
                             [{c: getattr(p, c) for c in PAYMENT_COLUMNS} for p in b.payments]) for b in rows])


def sorted_contents(benefits) -> list:
    """Benefits and payments as comparable tuples, in an order that does not depend on the line's."""
    def key(value):
        return (value is not None, str(value))
    return sorted(
        (tuple(key(values[c]) for c in BENEFIT_COLUMNS),
         sorted(tuple(key(p[c]) for c in PAYMENT_COLUMNS) for p in payments))
        for values, payments in benefits)


def upsert_owned(session: Session, model, person: Person, values: dict, what: str):
    row = session.scalar(select(model).where(model.number == values["number"]))
    if row is None:
        row = model(person_id=person.id, **values)
        session.add(row)
        session.flush()
        return row, True
    if row.person_id != person.id:
        raise BadRow(f"{what} number {values['number']!r} belongs to another person in the registry")
    changed = assign(row, values)
    session.flush()
    return row, changed


def upsert_items(session: Session, programme: RehabilitationProgramme, items: list[dict]) -> bool:
    existing = {item.line: item for item in programme.items}
    changed = False
    for values in items:
        row = existing.get(values["line"])
        if row is None:
            programme.items.append(ProgrammeItem(**values))
            changed = True
        else:
            changed |= assign(row, values)
    session.flush()
    return changed
