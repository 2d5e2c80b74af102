"""The demo personas' benefits and their payments (issue #25): amounts of BENEFITS.md §2.2–§4.

Amounts follow the subsistence minimum (ПМ) of each year's budget law: 46 228 ₸ in 2025 and
50 851 ₸ in 2026 (BENEFITS.md §0), and change on 1 January. A month after 2026 is paid at the 2026
amount, the last one known; the 12 months of payments before `today` are made whatever the day,
so the demo does not rot. Benefits are paid on the 10th here: the real payment day is an open
question (BENEFITS.md §10.3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal.registry.rules import months_after

# Monthly amounts in whole tenge, by year, as the ministry published them (BENEFITS.md §2.2, §3, §4).
AMOUNTS = {
    2025: {
        "I": 101_702, "II": 81_362, "III": 55_474,  # adults, general illness: 2.2, 1.76, 1.2 ПМ
        "from_childhood_I": 101_702,
        "child_under_7": 74_427,  # 1.61 ПМ
        "parent": 74_427,  # 1.61 ПМ (BENEFITS.md §4)
        "carer": 74_427,  # 1.61 ПМ is inferred, not confirmed (BENEFITS.md §3, §10.1)
    },
    2026: {
        "I": 111_872, "II": 89_498, "III": 61_021,
        "from_childhood_I": 111_873,  # the ministry rounds the same multiple one tenge apart (§2.4)
        "child_under_7": 81_871,
        "parent": 81_871,
        "carer": 81_871,
    },
}

PAY_DAY = 10


def amount(category: str, month: dt.date) -> int:
    """The amount of a category for a month: its year's, or the nearest year known."""
    year = min(max(month.year, min(AMOUNTS)), max(AMOUNTS))
    return AMOUNTS[year][category]


def months_paid(today: dt.date, first: dt.date, last: dt.date | None, stopped_on: dt.date | None = None) -> list[dt.date]:
    """The months of the last 12 payments before today, newest first: from the month `first`
    falls in, up to `last` (the end of the term), and paid before `stopped_on` when suspended."""
    this_month = today.replace(day=1)
    months = [months_after(this_month, -n) for n in range(13)]
    return [m for m in months
            if m.replace(day=PAY_DAY) <= today and m >= first.replace(day=1) and (last is None or m <= last)
            and (stopped_on is None or m.replace(day=PAY_DAY) < stopped_on)][:12]


def payments(months: list[dt.date], amount_for: Callable[[dt.date], tuple[int, str]], account: str,
             first: dt.date) -> list[dict]:
    """A payment for each month. `amount_for(month)` gives the amount and its basis (a group, a
    degree of lost capacity); when the amount differs from the month before, the payment says why:
    a new basis is `basis_changed`'s note, the same basis in January is the yearly indexation.
    The benefit's first month (the one `first` falls in) has nothing to compare with."""
    paid = []
    for month in months:
        value, basis = amount_for(month)
        before, basis_before = amount_for(months_after(month, -1))
        note = None
        if value != before and month > first.replace(day=1):
            note = basis_changes.get((basis_before, basis), "indexation" if basis == basis_before else "recalculation")
        paid.append({"month": month.isoformat(), "amount": value, "paid_on": month.replace(day=PAY_DAY).isoformat(),
                     "account_last4": account, "change_note": note,
                     "previous_amount": before if note else None})
    return paid


# A new basis that is a change of disability group (a new MSE decision).
basis_changes = {("II", "III"): "group_changed", ("III", "II"): "group_changed", ("I", "II"): "group_changed",
                 ("II", "I"): "group_changed", ("III", "I"): "group_changed", ("I", "III"): "group_changed"}


def benefit(kind: str, *, legal_basis: str, assigned_on: str, valid_from: str, valid_until: str | None,
            monthly_amount: int, assigned_by: str, payer: str, paid: list[dict], for_person: str | None = None,
            status: str = "assigned", status_reason: str | None = None, status_since: str | None = None) -> dict:
    return {
        "kind": kind,
        "legal_basis": legal_basis,
        "assigned_on": assigned_on,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "monthly_amount": monthly_amount,
        "status": status,
        "status_reason": status_reason,
        "status_since": status_since,
        "assigned_by": assigned_by,
        "payer": payer,
        "for_person_iin": for_person,
        "payments": paid,
    }


def department(region: str) -> str:
    """The body that assigns state benefits: the regional department of the Committee for
    Regulation and Control in the Sphere of Social Protection (to confirm: BENEFITS.md §10.10)."""
    return f"{region} бойынша әлеуметтік қорғау саласындағы реттеу және бақылау департаменті"


def state_benefit(today: dt.date, kind: str, category: str | Callable[[dt.date], str], *, region: str,
                  legal_basis: str, valid_from: str, valid_until: str | None, account: str,
                  assigned_on: str | None = None, for_person: str | None = None,
                  suspended: tuple[str, str] | None = None) -> dict:
    """A benefit from the republican budget, paid by the State Corporation; `category` is the row of
    AMOUNTS (or a function of the month, when the group changed); `suspended` is (reason, since)."""
    category_of = category if callable(category) else (lambda month: category)
    start = dt.date.fromisoformat(valid_from)
    end = dt.date.fromisoformat(valid_until) if valid_until else None
    reason, since = suspended or (None, None)
    months = months_paid(today, start, end, dt.date.fromisoformat(since) if since else None)
    current = end if end is not None and end < today else today
    return benefit(
        kind, legal_basis=legal_basis, assigned_on=assigned_on or (start + dt.timedelta(days=7)).isoformat(),
        valid_from=valid_from, valid_until=valid_until,
        monthly_amount=amount(category_of(current.replace(day=1)), current.replace(day=1)),
        assigned_by=department(region), payer="state_corporation", for_person=for_person,
        status="suspended" if suspended else "assigned", status_reason=reason, status_since=since,
        paid=payments(months, lambda month: (amount(category_of(month), month), category_of(month)), account, start))
