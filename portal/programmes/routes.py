"""Staff follow the programmes of their region through: the list, its CSV, and an item's page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from portal import clock
from portal.paging import page_number
from portal.extensions import db
from portal.programmes import export, services
from portal.programmes.forms import FollowUpForm, ProgrammeFilterForm
from portal.registry import registry
from portal.staff.session import current_staff, staff_required

bp = Blueprint("programmes", __name__, url_prefix="/<lang>/staff/programmes")


def filter_form(staff) -> ProgrammeFilterForm:
    return ProgrammeFilterForm(request.args, services.districts_of(db.session, staff.region))


@bp.get("/")
@staff_required
def index():
    staff = current_staff()
    form = filter_form(staff)
    if not form.validate():
        # A value the form does not offer: the page says which and how to fix it, and lists nothing.
        return render_template("programmes/index.html", staff=staff, form=form, page=None, filters=None), 400
    filters = form.filters()
    page = services.item_page(db.session, staff, filters, page_number(request.args.get("page")))
    return render_template("programmes/index.html", staff=staff, form=form, page=page, filters=filters)


@bp.get("/export.csv")
@staff_required
def csv():
    """The filtered list, every page of it, for the akimat's report."""
    staff = current_staff()
    form = filter_form(staff)
    if not form.validate():
        return render_template("programmes/index.html", staff=staff, form=form, page=None, filters=None), 400
    filters = form.filters()
    rows = services.all_rows(db.session, staff, filters)
    services.exported(db.session, staff, filters, len(rows))
    return export.csv_response(rows, staff.region)


@bp.route("/<number>/<int:line>", methods=["GET", "POST"])
@staff_required
def item(number: str, line: int):
    staff = current_staff()
    try:
        found = services.item_for_staff(db.session, registry(), staff, number, line)
    except services.NotFound:
        abort(404)
    form = FollowUpForm()
    if form.validate_on_submit():
        services.record_follow_up(db.session, staff, found, action=form.action.data, note=form.note.data,
                                  next_look_on=form.next_look_day)
        return redirect(url_for("programmes.item", number=number, line=line, done=1))
    return render_template("programmes/item.html", staff=staff, found=found, form=form, today=clock.today(),
                           done=request.args.get("done") == "1" and request.method == "GET")
