"""The periodic job that computes the statistics and publishes them (issue #24, point 6).

Each table is computed from the registry and the portal's records by grouped queries, checked for
disclosure (suppression.py) and written to `published_table` in one transaction: pages, downloads
and the API only ever read what was published, so a page view costs one query whatever the size
of the registry, and the figures of a page, its CSV and its JSON are the same figures.

The tables of indicators are written twice: for the public, each figure only when at least
THRESHOLD persons are behind it; for staff (codes starting with "staff-"), every figure with the
counts behind it. Staff tables are never served outside the back office.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal import vocabulary as v
from portal.models.statistics import PublishedTable
from portal.statistics import indicators as ind
from portal.statistics.codes import FEW, SECONDARY, STAFF_PREFIX, THRESHOLD, by_kind_columns, indicator_codes
from portal.statistics.suppression import publish
from portal.statistics.tables import COUNT_TABLES


def count_table(session: Session, code: str, today: dt.date, now: dt.datetime) -> PublishedTable:
    table = COUNT_TABLES[code]
    rows, columns = table.rows(today), table.columns(today)
    counts = table.count(session, today)
    published = publish([[counts.get((row, column), 0) for column in columns] for row in rows])
    return PublishedTable(code=code, computed_at=now, as_of=today, rows=rows, columns=columns,
                          values=[list(line) for line in published.values],
                          hidden=[list(line) for line in published.hidden])


# Totals that tables share, for they count the same persons by the same thing: the grand total of the
# three tables of persons with a decision in force, and the totals by sex of two of them. Each table
# is checked for disclosure on its own, so a shared total hidden in one must be hidden in the others:
# shown there, it would tell what the first table hides. Hiding more in a table never narrows what
# can be worked out of it.
SHARED_TOTALS = [
    [("persons-by-region-group", None), ("persons-by-cause-sex", None), ("persons-by-age-sex", None)],
    *[[("persons-by-cause-sex", sex), ("persons-by-age-sex", sex)] for sex in v.SEXES],
]


def hide_shared_totals(tables: dict[str, PublishedTable]) -> None:
    """Hide a shared total (SHARED_TOTALS) in every table, where any of them hides it."""
    for group in SHARED_TOTALS:
        places = [(tables[code], -1 if column is None else tables[code].columns.index(column)) for code, column in group]
        if any(table.hidden[-1][at] for table, at in places):
            for table, at in places:
                if not table.hidden[-1][at]:
                    table.values[-1][at], table.hidden[-1][at] = None, SECONDARY


def public_figure(figure: ind.Figure | None) -> tuple[float | None, str | None]:
    """What the public sees of an indicator: its value, when at least THRESHOLD persons are behind it."""
    if figure is None or figure.persons < THRESHOLD or figure.value is None:
        return None, FEW
    return round(figure.value, 4), None


def indicator_tables(figures: dict[str, dict], quarter: str, today: dt.date, now: dt.datetime) -> list[PublishedTable]:
    """The public and the staff tables of one quarter: by region (and the country), and by kind."""
    places, kinds = ind.regions_and_country(), [*v.IRP_ITEM_KINDS, ind.ALL_KINDS]
    by_region = [[figures[indicator].get((quarter, where, ind.ALL_KINDS)) for indicator in ind.INDICATORS]
                 for where in places]
    by_kind = [[figures[indicator].get((quarter, where, kind)) for where in places for indicator in ind.BY_KIND]
               for kind in kinds]
    made = []
    for code, rows, columns, grid in ((indicator_codes(quarter)[0], places, list(ind.INDICATORS), by_region),
                                      (indicator_codes(quarter)[1], kinds, by_kind_columns(), by_kind)):
        public = [[public_figure(figure) for figure in line] for line in grid]
        made.append(PublishedTable(code=code, computed_at=now, as_of=today, rows=rows, columns=columns,
                                   values=[[value for value, _ in line] for line in public],
                                   hidden=[[why for _, why in line] for line in public]))
        made.append(PublishedTable(code=STAFF_PREFIX + code, computed_at=now, as_of=today, rows=rows,
                                   columns=columns,
                                   values=[[figure.as_list() if figure else None for figure in line] for line in grid],
                                   hidden=[[None] * len(line) for line in grid]))
    return made


def publish_all(session: Session, today: dt.date, now: dt.datetime) -> list[str]:
    """Compute every table and replace the published ones in one transaction; the codes written."""
    counts = {code: count_table(session, code, today, now) for code in COUNT_TABLES}
    hide_shared_totals(counts)
    made = list(counts.values())
    figures = ind.Computation(session, today).all()
    for quarter in ind.quarters_ended(today):
        made += indicator_tables(figures, quarter.code, today, now)
    session.execute(delete(PublishedTable))
    session.add_all(made)
    session.commit()
    return [table.code for table in made]
