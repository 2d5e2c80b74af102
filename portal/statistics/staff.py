"""The regional indicators for staff: /<lang>/staff/indicators (issue #24, point 2).

Staff see each figure with what it was computed from (how many of how many, and the persons behind
it), which the public does not. A supervisor sees every region; an officer sees their own region and
the whole country.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import Session

from portal import vocabulary as v
from portal.extensions import db
from portal.models import PublishedTable, StaffUser
from portal.staff.session import current_staff, staff_required
from portal.statistics import indicators as ind
from portal.statistics import services
from portal.statistics.forms import IndicatorsForm
from portal.statistics.codes import STAFF_PREFIX, by_kind_columns, indicator_codes
from portal.statistics.tables import Quarter, quarter_label

NOTHING_COUNTED = _l("Nothing to count this quarter")

bp = Blueprint("staff_indicators", __name__, url_prefix="/<lang>/staff/indicators")


@dataclass(frozen=True)
class Figure:
    text: str  # the figure as the page shows it
    behind: str | None  # what it was computed from, in words


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    figures: tuple[Figure, ...]


def places_seen(staff: StaffUser) -> list[str]:
    return services.places_for_indicators() if staff.role == "supervisor" else [staff.region, ind.COUNTRY]


def figure(indicator: str, value: list | None) -> Figure:
    """One figure with its base: [value, numerator, base, persons] as the job kept it."""
    if value is None or value[0] is None:
        return Figure(str(NOTHING_COUNTED), None)
    share, numerator, base, persons = value
    text = services.indicator_text(indicator, share, None)
    if indicator in ind.SHARES:
        behind = ngettext("%(numerator)s of %(base)s, %(num)s person", "%(numerator)s of %(base)s, %(num)s persons",
                          persons, numerator=numerator, base=base)
    else:
        behind = ngettext("from %(base)s, %(num)s person", "from %(base)s, %(num)s persons", persons, base=base)
    return Figure(text, behind)


def rows_of(table: PublishedTable, wanted: list[str], labels, columns: list[str], indicators: list[str]) -> list[Row]:
    """The rows of a staff table whose codes are wanted, in that order, with the chosen columns."""
    at = {code: index for index, code in enumerate(table.rows)}
    where = [table.columns.index(column) for column in columns]
    return [Row(code, labels(code), tuple(figure(indicator, table.values[at[code]][i])
                                          for i, indicator in zip(where, indicators)))
            for code in wanted if code in at]


def staff_tables(session: Session, quarter: Quarter) -> tuple[PublishedTable | None, PublishedTable | None]:
    by_region, by_kind = indicator_codes(quarter.code)
    return session.get(PublishedTable, STAFF_PREFIX + by_region), session.get(PublishedTable, STAFF_PREFIX + by_kind)


@bp.get("/")
@staff_required
def index():
    staff = current_staff()
    quarters = services.quarters_published(services.public_codes(db.session))
    places = places_seen(staff)
    form = IndicatorsForm(request.args).offer(quarters, places)
    context = {"staff": staff, "form": form if quarters else None, "by_region": None, "by_kind": None}
    if not quarters or (request.args and not form.validate()):
        return render_template("statistics/staff_indicators.html", **context)
    quarter = next(q for q in quarters if q.code == form.quarter.data)
    by_region, by_kind = staff_tables(db.session, quarter)
    place = form.place.data
    kind_columns = [column for column in by_kind_columns() if column.split(":")[0] == place]
    context.update(
        quarter=quarter_label(quarter.code), place=services.place_label(place),
        indicator_names=[ind.INDICATORS[code] for code in ind.INDICATORS],
        kind_names=[ind.INDICATORS[code] for code in ind.BY_KIND],
        by_region=rows_of(by_region, places, services.place_label, list(ind.INDICATORS), list(ind.INDICATORS)),
        by_kind=rows_of(by_kind, [*v.IRP_ITEM_KINDS, ind.ALL_KINDS], services.kind_label, kind_columns,
                        list(ind.BY_KIND)))
    return render_template("statistics/staff_indicators.html", **context)
