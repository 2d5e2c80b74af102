"""The staff programme list as CSV, for the akimat's report: in the page's language, UTF-8 with a
byte-order mark (so that Excel opens Cyrillic as it is), dates as DD.MM.YYYY, codes as words."""

from __future__ import annotations

import csv
import io

from flask import Response
from flask_babel import gettext as _

from portal import clock
from portal import vocabulary as v
from portal.programmes.services import Row


def header() -> list[str]:
    return [_("Person"), _("IIN"), _("District or city"), _("Programme"), _("Line"), _("Item"), _("Status"),
            _("Due date"), _("Days overdue"), _("Provider"), _("Who pays"), _("Latest follow-up"),
            _("Follow-up recorded on"), _("Look again on")]


def day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None) -> str:
    """Text from the registry as a spreadsheet shows it, never as a formula it would run."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def line_of(row: Row) -> list:
    latest = row.latest
    return [cell(row.full_name), row.iin, cell(row.district), cell(row.programme_number), row.line,
            str(v.irp_kind_label(row.kind)), str(v.ITEM_STATUSES[row.status]), day(row.due_date), row.days_overdue,
            cell(row.provider), str(v.PAYERS[row.payer]),
            str(v.FOLLOW_UP_ACTIONS[latest.action]) if latest else "",
            day(clock.wall_clock(latest.created_at)) if latest else "", day(latest.next_look_on) if latest else ""]


def csv_text(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows(line_of(row) for row in rows)
    return out.getvalue()


def csv_response(rows: list[Row], region: str) -> Response:
    body = "\ufeff" + csv_text(rows)
    name = f"programme-items-{region}-{clock.today().isoformat()}.csv"
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # Personal data of many people: no browser or proxy keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
