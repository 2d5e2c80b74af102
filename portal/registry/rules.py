"""The law's rules the registry's records follow (issue #22), for the importer and the pages:
children's categories by the decision's date, the terms an examination may set, and the dates and
figures they depend on, each with its source.

The dates and figures are configuration (portal/config.py): the law changes them, a deployment
sets the new value without a release, and the source says which act a value comes from, to be
checked when it changes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask import current_app, has_app_context


@dataclass(frozen=True)
class RegistryRules:
    # From this day children are "under 7" (no group) or "7 to 18"; before it "under 16" (no
    # group) or "16 to 18": MLSPP Order No. 260 of 29.06.2023 (the MSE rules under the Social Code
    # of 20.04.2023 No. 224-VII) took effect on 1 July 2023 (DOMAIN.md §2.2, §5.2).
    child_categories_changed_on: dt.date = dt.date(2023, 7, 1)
    # A sign-language specialist's hours a year, for a programme item kept without them: the last
    # confirmed figure is 60 (the order of the Minister of Labour No. 26 of 2015 as amended in 2017;
    # the seed's 30 is the 2005 norm), and the cap under the Social Code is not confirmed
    # (DOMAIN.md §1.14, §8). So it is a setting that names its source, not law written in code.
    sign_language_hours_default: int = 60
    sign_language_hours_source: str = "Order of the Minister of Labour No. 26 of 2015, as amended in 2017"
    # The most hours a year an imported programme item may give; more is taken for a mistake.
    sign_language_hours_max: int = 240

    @classmethod
    def from_config(cls, config) -> RegistryRules:
        return cls(child_categories_changed_on=dt.date.fromisoformat(str(config["CHILD_CATEGORIES_CHANGED_ON"])),
                   sign_language_hours_default=int(config["SIGN_LANGUAGE_HOURS_DEFAULT"]),
                   sign_language_hours_source=config["SIGN_LANGUAGE_HOURS_SOURCE"],
                   sign_language_hours_max=int(config["SIGN_LANGUAGE_HOURS_MAX"]))


def current_rules() -> RegistryRules:
    """The running app's rules; the defaults outside an app (a script reading a file)."""
    return RegistryRules.from_config(current_app.config) if has_app_context() else RegistryRules()


# Children's categories and causes (Order No. 260, DOMAIN.md §2.2): "under 7" with no group and
# "7 to 18" from the day the Order took effect; "under 16" with no group and "16 to 18" before.
OLD_CATEGORIES = frozenset({"under_16", "16_to_18"})
GROUP_FROM = {False: 7, True: 16}  # the age a child is given a group, under the new rules and the old
CATEGORY_CAUSES = {"under_7": "child_under_7", "7_to_18": "child_7_to_18", "under_16": "child_under_16",
                   "16_to_18": "child_16_to_18"}
CHILD_CAUSES = {cause: category for category, cause in CATEGORY_CAUSES.items()}


def child_category(age: int, decided: dt.date, rules: RegistryRules) -> str | None:
    """The category a child of `age` was given on `decided`; None for an adult."""
    if age >= 18:
        return None
    if decided >= rules.child_categories_changed_on:
        return "under_7" if age < 7 else "7_to_18"
    return "under_16" if age < 16 else "16_to_18"


# The terms an examination may set (DOMAIN.md §2.3, issue #22): 6 months, 1, 2 or 5 years; for
# a child also until the 7th or the 18th birthday, and never indefinite; for an adult also
# indefinite. A term may be set to end on a month's first or last day, so the grid allows a month.
TERM_MONTHS = (6, 12, 24, 60)
TERM_SLACK = dt.timedelta(days=31)
# The birthday at which a child's category ends.
CHILDHOOD_ENDS = {"under_7": 7, "7_to_18": 18, "under_16": 16, "16_to_18": 18}


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day (29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_problem(valid_from: dt.date, valid_until: dt.date | None, category: str | None,
                 birth_date: dt.date) -> str | None:
    """Why this term is not one an examination sets, or None."""
    if category is not None:
        age = CHILDHOOD_ENDS[category]
        birthday = months_after(birth_date, 12 * age)
        if valid_until is None:
            return f"a child's term is never indefinite: it ends on the {age}th birthday ({birthday}) at the latest"
        if valid_until > birthday:
            return f"a child's term ends on the {age}th birthday ({birthday}) at the latest"
        if valid_until == birthday:
            return None
    elif valid_until is None:
        return None
    if any(abs(valid_until - months_after(valid_from, months)) <= TERM_SLACK for months in TERM_MONTHS):
        return None
    until = f", or until the {CHILDHOOD_ENDS[category]}th birthday" if category else ", or indefinite"
    return f"a term is 6 months, 1, 2 or 5 years from valid_from{until}"
