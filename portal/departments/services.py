"""Reading, loading and updating the departments' contact details.

The operators' file is CSV in UTF-8, one department a line, with the columns of COLUMNS. Every
line says where its details come from (`source`) and when they were last checked (`checked_on`), and
so does every card: a person can judge how far to trust an address. Staff of the department's
region change the details on their page when they change, and the change is in the audit log.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit, clock
from portal import vocabulary as v
from portal.models import Department, StaffUser
from portal.models.types import utcnow

COLUMNS = ("code", "region", "name_kk", "name_ru", "address_kk", "address_ru", "phone", "hours_kk", "hours_ru",
           "step_free", "source", "checked_on")
TEXT_LIMITS = {"code": 40, "name_kk": 300, "name_ru": 300, "address_kk": 300, "address_ru": 300, "hours_kk": 200,
               "hours_ru": 200, "source": 300}
# A Kazakhstan number as people write it: +7 or 8, then ten digits, with spaces, dashes or
# brackets between; or the short number of a contact centre (1414).
PHONE = re.compile(r"(?:\+7|8)\d{10}|\d{4}")
YES_NO = {"yes": True, "no": False}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def is_phone(text: str) -> bool:
    return len(text) <= 30 and PHONE.fullmatch(re.sub(r"[ ()\-]", "", text)) is not None


def in_region(session: Session, region: str) -> list[Department]:
    return list(session.scalars(select(Department).where(Department.region == region).order_by(Department.code)))


def checked(values: dict, today: dt.date) -> str | None:
    """Why a line (or a staff member's form) cannot be taken, or None."""
    for name, limit in TEXT_LIMITS.items():
        if not (values.get(name) or "").strip():
            return f"{name} is empty"
        if len(values[name]) > limit:
            return f"{name} is longer than {limit} characters"
    if values.get("region") not in v.REGIONS:
        return f"region {values.get('region')!r} is not one of the regions"
    if not is_phone(values.get("phone") or ""):
        return f"phone {values.get('phone')!r} is not a phone number of Kazakhstan"
    if values.get("step_free") not in YES_NO:
        return "step_free is not yes or no"
    try:
        day = dt.date.fromisoformat(values.get("checked_on") or "")
    except ValueError:
        return "checked_on is not a date (YYYY-MM-DD)"
    if day > today:
        return "checked_on is in the future"
    return None


def load(session: Session, lines: Iterable[str]) -> LoadReport:
    """Create or update the departments of the file, by `code`; a line with an error is left out
    and named with its number, the others are taken. Departments not in the file stay."""
    report = LoadReport()
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append((1, f"missing columns: {', '.join(missing)}"))
        return report
    known = {d.code: d for d in session.scalars(select(Department))}
    today = clock.today()
    for values in reader:
        line = reader.line_num
        problem = checked(values, today)
        if problem:
            report.errors.append((line, problem))
            continue
        department = known.get(values["code"])
        if department is None:
            department = known[values["code"]] = Department(code=values["code"])
            session.add(department)
            report.created += 1
        else:
            report.updated += 1
        fill(department, values)
    session.commit()
    return report


def fill(department: Department, values: dict) -> None:
    for name in COLUMNS[1:]:
        if name == "step_free":
            department.step_free = YES_NO[values[name]]
        elif name == "checked_on":
            department.checked_on = dt.date.fromisoformat(values[name])
        else:
            setattr(department, name, values[name].strip())


def update(session: Session, department: Department, staff: StaffUser, values: dict) -> None:
    """A staff member of the department's region (the page checks it) corrects its details, with
    where they come from; `values` are the file's columns but code and region."""
    fill(department, {**values, "region": department.region})
    department.updated_at, department.updated_by_staff_id = utcnow(), staff.id
    audit.record("department_updated", actor_iin=None, actor_staff_id=staff.id, subject_iin=None,
                 detail=department.code)
    session.commit()
