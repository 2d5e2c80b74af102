"""Choosing whose matters to handle, and the mandates between people."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from portal import access, background, clock, limits
from portal.auth.session import current_iin, login_required
from portal.carers import acting, services
from portal.carers.forms import AskForm, ChooseForm
from portal.extensions import db
from portal.models import Mandate
from portal.registry import registry

bp = Blueprint("carers", __name__, url_prefix="/<lang>")

# None of these depends on the registry: every IIN that passes its check digit gets the same answer.
ASK_ERRORS = {
    "self": _l("This is your own IIN. Enter the IIN of the person you want to act for"),
    "ends_in_past": _l("The end date must be today or later"),
    "scopes": _l("Choose at least one thing you want to do"),
}


@bp.route("/acting-for", methods=["GET", "POST"])
@login_required
def choose():
    people = access.people_acted_for(current_iin())
    form = ChooseForm()
    form.subject.choices = [SelectChoice(current_iin(), _l("My own matters"))] + [
        SelectChoice(a.person.iin, a.person.full_name) for a in people]
    if request.method == "GET":
        form.subject.data = acting.subject_iin()
    if form.validate_on_submit():
        if form.subject.data == current_iin():
            session.pop("acting_for", None)
        else:
            session["acting_for"] = form.subject.data
        return redirect(url_for("cabinet.entitlements"))
    return render_template("carers/choose.html", form=form, people=people)


@bp.get("/mandates")
@login_required
def mandates():
    mine, held = services.mandates_of(db.session, current_iin())
    me = registry().find_person(current_iin())
    if not services.decides_for_self(me, clock.today()):
        mine = [m for m in mine if m.status != "requested"]  # a child's representative acts; no asks
    # A person asked is named only once they have agreed: until then the carer sees the IIN they
    # typed, and the page reads nothing of the registry about them (issue #18).
    named = {m.carer_iin for m in mine} | {m.person_iin for m in held if services.was_approved(m)}
    names = {p.iin: p.full_name for iin in named if (p := registry().find_person(iin))}
    today = clock.today()
    # Those the registry says one represents, and one's own representative, while the law lets them act.
    children = [p for p in registry().represented_by(current_iin()) if services.represented_in_law(p, today)]
    representative = registry().find_person(me.legal_representative_iin) if (
        me and services.represented_in_law(me, today)) else None
    return render_template("carers/mandates.html", mine=mine, held=held, names=names, children=children,
                           me=me, representative=representative, done=request.args.get("done"),
                           # The last day, as the chooser and every other page say it (issue #23, point 1).
                           represented_until={c.iin: services.represented_until(c) for c in children},
                           # The signed-in person's own mandates, whoever's matters they handle now.
                           acting_for=None)


@bp.route("/mandates/ask", methods=["GET", "POST"])
@login_required
@limits.mandate_asks
def ask():
    form = AskForm()
    if form.validate_on_submit():
        try:
            services.ask(db.session, registry(), carer_iin=current_iin(), person_iin=form.iin.data,
                         scopes=form.scopes.data, ends_on=form.end_date, today=clock.today())
        except services.MandateError as error:
            target = form.scopes if error.code == "scopes" else form.ends_on if error.code == "ends_in_past" else form.iin
            target.errors = [ASK_ERRORS[error.code]]
        else:
            # The person is told within seconds, looked up apart from this request; the same
            # hand-over for every IIN asked, registered or not.
            background.later("portal.tell_about_asks")
            return redirect(url_for("carers.mandates", done="asked"))
    return render_template("carers/ask.html", form=form)


def mandate_of_mine(mandate_id: int) -> Mandate:
    mandate = db.session.get(Mandate, mandate_id)
    if mandate is None or current_iin() not in (mandate.person_iin, mandate.carer_iin):
        abort(404)
    return mandate


@bp.post("/mandates/<int:mandate_id>/<action>")
@login_required
def act(mandate_id: int, action: str):
    mandate = mandate_of_mine(mandate_id)
    try:
        if action in ("approve", "refuse"):
            services.decide(db.session, registry(), mandate, person_iin=current_iin(), approve=action == "approve",
                            today=clock.today())
        elif action == "end":
            services.end(db.session, registry(), mandate, by_iin=current_iin())
        else:
            abort(404)
    except services.MandateError:
        abort(409)
    return redirect(url_for("carers.mandates", done=action))
