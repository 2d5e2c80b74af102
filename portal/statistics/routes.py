"""The open statistics of the data bank, for everyone: /<lang>/statistics (issue #24, points 3–5)."""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from portal.extensions import db
from portal.i18n import select_locale
from portal.kept_pages import kept_for_visitors_while
from portal.statistics import indicators as ind
from portal.statistics import services
from portal.statistics.codes import indicator_codes
from portal.statistics.forms import IndicatorsForm
from portal.statistics.tables import COUNT_TABLES

bp = Blueprint("statistics", __name__, url_prefix="/<lang>/statistics")
# A page is the same for every visitor until the nightly job publishes again: it is kept, with when
# the tables were published. That is asked of the database once a minute at most in each process
# (a query cost a kept page three times its own time), so a new publication shows within a minute.
RECHECK_SECONDS = 60


def published_at():
    checked = current_app.extensions.get("statistics_published")
    if checked is None or time.monotonic() - checked[0] >= RECHECK_SECONDS:
        checked = current_app.extensions["statistics_published"] = (time.monotonic(),
                                                                     services.published_at(db.session))
    return checked[1]


kept = kept_for_visitors_while(published_at)


@bp.context_processor
def open_data_terms():
    return {"suppression_rule": services.SUPPRESSION_RULE, "licence": services.LICENCE, "updated": services.UPDATED,
            "indicators": ind}


@bp.get("/")
@kept
def index():
    tables = services.public_tables(db.session)
    shown = [services.shown(tables[code]) for code in COUNT_TABLES if code in tables]
    quarters = services.quarters_published(tables)
    latest = services.shown(tables[indicator_codes(quarters[0].code)[0]]) if quarters else None
    return render_template("statistics/index.html", tables=shown, latest=latest)


@bp.get("/<code>")
@kept
def table(code: str):
    row = services.public_table(db.session, code) if code in COUNT_TABLES else None
    if row is None:
        abort(404)
    return render_template("statistics/table.html", table=services.shown(row))


@bp.get("/indicators")
@kept
def indicators():
    tables = services.public_tables(db.session)
    quarters = services.quarters_published(tables)
    form = IndicatorsForm(request.args).offer(quarters, services.places_for_indicators())
    if not quarters:
        return render_template("statistics/indicators.html", form=None, by_region=None, by_kind=None)
    if request.args and not form.validate():
        return render_template("statistics/indicators.html", form=form, by_region=None, by_kind=None)
    quarter = next(q for q in quarters if q.code == form.quarter.data)
    by_region_code, by_kind_code = indicator_codes(quarter.code)
    return render_template("statistics/indicators.html", form=form,
                           by_region=services.shown(tables[by_region_code]),
                           by_kind=services.shown(tables[by_kind_code], form.place.data))


@bp.get("/open-data")
@kept
def open_data():
    tables = services.public_tables(db.session)
    return render_template("statistics/open_data.html", tables=[services.shown(row, None) for row in tables.values()],
                           columns=services.DOWNLOAD_COLUMNS)


@bp.get("/files/<code>.csv")
def download_csv(code: str):
    table = downloaded(code)
    response = current_app.response_class(services.as_csv(table), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="qoljetimdi-{table.code}-{table.as_of}.csv"'
    return response


@bp.get("/files/<code>.json")
def download_json(code: str):
    table = downloaded(code)
    response = jsonify(services.as_json(table, select_locale()))
    response.headers["Content-Disposition"] = f'attachment; filename="qoljetimdi-{table.code}-{table.as_of}.json"'
    return response


def downloaded(code: str) -> services.Shown:
    row = services.public_table(db.session, code)
    if row is None:
        abort(404)
    return services.shown(row, None)

