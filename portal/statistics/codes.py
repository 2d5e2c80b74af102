"""What the published tables are called and how a hidden figure is marked: shared by the job that
publishes them and the pages that read them. The pages import this, never the job or the
disclosure check, whose solver (scipy) would cost every web process 1.3 s to start and 60 MB."""

from __future__ import annotations

from portal.statistics import indicators as ind

THRESHOLD = 10  # no count under it is shown, and no figure is computed from fewer persons
PRIMARY, SECONDARY = "primary", "secondary"  # why a count is hidden (suppression.py)
FEW = "few"  # an indicator's figure hidden: fewer than THRESHOLD persons behind it
STAFF_PREFIX = "staff-"  # the tables with every figure and its base, for the back office only


def indicator_codes(quarter: str) -> tuple[str, str]:
    return f"indicators-{quarter}", f"indicators-by-kind-{quarter}"


def by_kind_columns() -> list[str]:
    return [f"{where}:{indicator}" for where in ind.regions_and_country() for indicator in ind.BY_KIND]
