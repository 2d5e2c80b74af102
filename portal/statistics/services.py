"""The published statistics as people read them: on the pages, in the downloads and in the API.

Everything here reads `published_table` only (one query for a page): the figures of a page, of its
CSV and of its JSON are the same published figures, in the page's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import moments
from portal import vocabulary as v
from portal.models.statistics import PublishedTable
from portal.statistics import indicators as ind
from portal.statistics.codes import FEW, PRIMARY, SECONDARY, STAFF_PREFIX, THRESHOLD
from portal.statistics.tables import COUNT_TABLES, DIMENSIONS, Quarter, quarter_label

TOTAL = "total"
# Why a figure is not shown, in words (the open data gives the code and these words).
HIDDEN_WORDS = {
    PRIMARY: _l("fewer than 10"),
    SECONDARY: _l("not shown, so that a figure under 10 cannot be worked out"),
    FEW: _l("not shown: fewer than 10 persons"),
}
CHART_HIDDEN = {PRIMARY: _l("fewer than 10"), SECONDARY: _l("not shown"), FEW: _l("not shown")}
SUPPRESSION_RULE = _l(
    "A count under 10 (zero included) is shown as “fewer than 10”. Other counts are left out where a hidden count "
    "could otherwise be worked out from the totals. A share or a median is shown only when at least 10 persons are "
    "behind it.")
LICENCE = _l("Open data: free to use, copy and publish, for any purpose, naming Qoljetimdi as the source.")
UPDATED = _l("Every day, at night.")
PLACE_LABELS = {ind.COUNTRY: _l("Kazakhstan, all regions")}
KIND_LABELS = {ind.ALL_KINDS: _l("All measures")}
# The columns of every download, in order: a stable schema (the open-data page describes them).
DOWNLOAD_COLUMNS = {
    "table": _l("The table's code"),
    "as_of": _l("The day the figures describe (YYYY-MM-DD)"),
    "computed_at": _l("When the figures were computed, Kazakhstan time (UTC+5)"),
    "row": _l("The row's code"),
    "row_label": _l("The row, in words"),
    "column": _l("The column's code"),
    "column_label": _l("The column, in words"),
    "value": _l("The figure: a count, a share from 0 to 1 or a median in days; empty when not shown"),
    "hidden": _l("Why the figure is not shown: primary (fewer than 10), secondary (left out so that a figure "
                 "under 10 cannot be worked out) or few (fewer than 10 persons behind a share or a median)"),
    "note": _l("Why the figure is not shown, in words"),
}


@dataclass(frozen=True)
class Entry:
    value: int | float | None
    hidden: str | None
    text: str  # as the page shows it


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Shown:
    """A published table as the page, the downloads and the API read it."""

    code: str
    title: str
    counted: str | None
    row_heading: str
    column_heading: str
    columns: tuple[tuple[str, str], ...]  # (code, label), the totals column included
    lines: tuple[Line, ...]  # the totals line included
    as_of: dt.date
    computed_at: dt.datetime
    summary: str
    is_count: bool

    @property
    def chart_bars(self) -> list[tuple[str, int | float | None, str]]:
        """(label, value, text) of each row but the totals: its total for a table of counts, its first
        figure for indicators; a hidden figure in a word or two (the table beside says why)."""
        column = -1 if self.is_count else 0
        return [(line.label, line.entries[column].value,
                 str(CHART_HIDDEN[line.entries[column].hidden]) if line.entries[column].hidden else
                 line.entries[column].text)
                for line in self.lines if line.code not in (TOTAL, ind.COUNTRY)]


def hidden_text(why: str) -> str:
    return str(HIDDEN_WORDS[why])


def count_text(value, why) -> str:
    return hidden_text(why) if why else format_decimal(value)


def indicator_text(indicator: str, value, why) -> str:
    if why or value is None:
        return hidden_text(why or FEW)
    return format_percent(value, "#,##0.#%") if indicator in ind.SHARES else format_decimal(value, "#,##0.#")


def summary_of(template, lines: list[Line], index: int) -> str:
    """The sentence naming the row with the largest shown figure, or one saying nothing can be shown."""
    shown = [(line.entries[index].value, line) for line in lines
             if line.code not in (TOTAL, ind.COUNTRY) and line.entries[index].hidden is None
             and line.entries[index].value is not None]
    if not shown:
        return _("Every figure of this chart is hidden: each is based on fewer than 10 persons.")
    value, line = max(shown, key=lambda pair: pair[0])
    return str(template) % {"row": line.label, "number": line.entries[index].text}


def count_table(row: PublishedTable) -> Shown:
    table = COUNT_TABLES[row.code]
    row_heading, row_label = DIMENSIONS[table.row_dimension]
    column_heading, column_label = DIMENSIONS[table.column_dimension]
    columns = tuple((code, column_label(code)) for code in row.columns) + ((TOTAL, _("Total")),)
    labels = [row_label(code) for code in row.rows] + [_("Total")]
    lines = [Line(code, label, tuple(Entry(value, why, count_text(value, why)) for value, why in zip(values, hidden)))
             for code, label, values, hidden in zip([*row.rows, TOTAL], labels, row.values, row.hidden)]
    return Shown(row.code, str(table.title), str(table.counted), str(row_heading), str(column_heading), columns,
                 tuple(lines), row.as_of, row.computed_at, summary_of(table.summary, lines, -1), True)


def place_label(code: str) -> str:
    return str(PLACE_LABELS.get(code) or v.REGIONS[code])


def kind_label(code: str) -> str:
    return str(KIND_LABELS.get(code) or v.irp_kind_label(code))


def indicators_table(row: PublishedTable, quarter: Quarter) -> Shown:
    """The public indicators of a quarter, by region and for the whole country."""
    columns = tuple((code, str(ind.INDICATORS[code])) for code in row.columns)
    lines = [Line(code, place_label(code), tuple(Entry(value, why, indicator_text(indicator, value, why))
                                                 for indicator, value, why in zip(row.columns, values, hidden)))
             for code, values, hidden in zip(row.rows, row.values, row.hidden)]
    return Shown(row.code, _("Regional indicators, %(quarter)s", quarter=quarter_label(quarter.code)), None,
                 _("Region"), _("Indicator"), columns, tuple(lines), row.as_of, row.computed_at,
                 summary_of(_l("Region with the largest share of measures provided on time: %(row)s (%(number)s)."),
                            lines, 0), False)


def by_kind_column_label(code: str, with_place: bool) -> str:
    place, indicator = code.split(":")
    if with_place:
        return _("%(place)s: %(indicator)s", place=place_label(place), indicator=ind.INDICATORS[indicator])
    return str(ind.INDICATORS[indicator])


def by_kind_table(row: PublishedTable, quarter: Quarter, place: str | None) -> Shown:
    """The public indicators of a quarter by kind of measure, for one region or the country; for
    every place (the downloads) with None."""
    wanted = [i for i, code in enumerate(row.columns) if place is None or code.split(":")[0] == place]
    columns = tuple((row.columns[i], by_kind_column_label(row.columns[i], place is None)) for i in wanted)
    lines = [Line(code, kind_label(code), tuple(
        Entry(values[i], hidden[i], indicator_text(row.columns[i].split(":")[1], values[i], hidden[i])) for i in wanted))
        for code, values, hidden in zip(row.rows, row.values, row.hidden)]
    title = (_("Measures by kind: %(place)s, %(quarter)s", place=place_label(place), quarter=quarter_label(quarter.code))
             if place else _("Measures by kind, every region: %(quarter)s", quarter=quarter_label(quarter.code)))
    return Shown(row.code, title, None,
                 _("Measure"), _("Indicator"), columns, tuple(lines), row.as_of, row.computed_at,
                 summary_of(_l("Measure most often provided on time: %(row)s (%(number)s)."), lines, 0), False)


def published_at(session: Session) -> dt.datetime | None:
    """When the tables were last published: the pages kept for visitors are rendered again after it."""
    return session.scalar(select(func.max(PublishedTable.computed_at)))


def public_tables(session: Session) -> dict[str, PublishedTable]:
    """Every table the public may read, by code (the staff ones left out)."""
    return {row.code: row for row in session.scalars(
        select(PublishedTable).where(PublishedTable.code.not_like(STAFF_PREFIX + "%")).order_by(PublishedTable.code))}


def public_codes(session: Session) -> list[str]:
    """The codes of the tables the public may read, without their figures."""
    return list(session.scalars(select(PublishedTable.code).where(PublishedTable.code.not_like(STAFF_PREFIX + "%"))))


def public_table(session: Session, code: str) -> PublishedTable | None:
    if code.startswith(STAFF_PREFIX):
        return None
    return session.get(PublishedTable, code)


def quarters_published(codes: Iterable[str]) -> list[Quarter]:
    """The quarters with published indicators, newest first, from the tables' codes."""
    found = [Quarter.parse(code.removeprefix("indicators-")) for code in codes
             if code.startswith("indicators-") and not code.startswith("indicators-by-kind-")]
    return sorted((q for q in found if q), key=lambda q: (q.year, q.number), reverse=True)


def shown(row: PublishedTable, place: str | None = ind.COUNTRY) -> Shown:
    """Any public table as it reads."""
    if row.code in COUNT_TABLES:
        return count_table(row)
    if row.code.startswith("indicators-by-kind-"):
        return by_kind_table(row, Quarter.parse(row.code.removeprefix("indicators-by-kind-")), place)
    return indicators_table(row, Quarter.parse(row.code.removeprefix("indicators-")))


def records(table: Shown) -> list[dict]:
    """The table as records of the download's columns (DOWNLOAD_COLUMNS)."""
    computed_at = moments.iso(table.computed_at, "seconds")
    return [{"table": table.code, "as_of": table.as_of.isoformat(), "computed_at": computed_at,
             "row": line.code, "row_label": line.label, "column": column, "column_label": label,
             "value": entry.value, "hidden": entry.hidden, "note": hidden_text(entry.hidden) if entry.hidden else None}
            for line in table.lines for (column, label), entry in zip(table.columns, line.entries)]


def as_csv(table: Shown) -> str:
    """The table as CSV, with a byte order mark so that spreadsheets read Kazakh and Russian letters."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(DOWNLOAD_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for record in records(table):
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    return "\ufeff" + out.getvalue()


def as_json(table: Shown, lang: str) -> dict:
    return {"table": table.code, "title": table.title, "language": lang, "as_of": table.as_of.isoformat(),
            "computed_at": moments.iso(table.computed_at, "seconds"), "counted": table.counted,
            "suppression": {"threshold": THRESHOLD, "rule": str(SUPPRESSION_RULE)},
            "licence": str(LICENCE), "columns": {key: str(words) for key, words in DOWNLOAD_COLUMNS.items()},
            "records": records(table)}


def places_for_indicators() -> list[str]:
    """The whole country first, then every region: what a supervisor and the public may choose."""
    return [ind.COUNTRY, *v.REGIONS]
