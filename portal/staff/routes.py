"""The back office: sign-in, the queue of the staff member's region, and processing a request."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from portal.account import contact as contacting
from portal.audit import words as audit_words
from portal.auth.routes import address_limit
from portal.extensions import db, limiter
from portal.models.types import utcnow
from portal.paging import page_number
from portal.registry import registry
from portal.requests import services as requests
from portal.requests.answers import answer_rows
from portal.staff import messages, services
from portal.staff.forms import ACTIONS, ActionForm, AuditSearchForm, QueueFilterForm
from portal.staff.session import current_staff, password_changed, sign_in_staff, staff_required, staff_session
from portal.vocabulary import LANGUAGE_NAMES

bp = Blueprint("staff", __name__, url_prefix="/<lang>/staff")

ACTION_ERRORS = {
    "message_needed": _l("Write a message to the person: it is required when you ask for more information or refuse"),
    "transition": _l("This request has moved on since you opened it. Choose again from what is possible now"),
}
# The same for an unknown IIN and a person of another region, so that a search reveals neither.
NOT_IN_REGION = _l("No person with this IIN is registered in your region")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(staff_session.username_limit, key_func=staff_session.username_limit_key, methods=["POST"])
def login():
    return staff_session.sign_in_page(sign_in_staff, "staff.queue")


@bp.route("/password", methods=["GET", "POST"])
@staff_required
def password():
    return staff_session.password_page(password_changed, "staff.queue")


# The second factor after the password (portal/auth/roles.py, issue #26).
@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@staff_session.second_factor_limited
def second_factor():
    return staff_session.second_factor_page(sign_in_staff)


@bp.route("/login/recovery-code", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@staff_session.second_factor_limited
def recovery_code():
    return staff_session.recovery_code_page(sign_in_staff)


@bp.route("/login/set-up", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@staff_session.second_factor_limited
def set_up_second_factor():
    return staff_session.set_up_page(sign_in_staff)


@bp.get("/")
@staff_required
def queue():
    staff = current_staff()
    form = QueueFilterForm(request.args)
    if not form.validate():
        form = QueueFilterForm()
    older = None if form.age.data == "any" else int(form.age.data)
    found = services.queue(db.session, staff, kind=form.kind.data, status=form.status.data, older_than_days=older)
    return render_template("staff/queue.html", staff=staff, filter_form=form, requests=found, now=utcnow())


@bp.route("/requests/<reference>", methods=["GET", "POST"])
@staff_required
def detail(reference: str):
    staff = current_staff()
    shown = services.request_page(db.session, registry(), staff, reference)
    if shown is None:
        abort(404)
    found = shown.request
    form = ActionForm()
    possible = sorted(requests.STAFF_TRANSITIONS.get(found.status, set()), key=list(ACTIONS).index)
    form.to.choices = [SelectChoice(code, ACTIONS[code]) for code in possible]
    if request.method == "POST" and form.validate_on_submit():
        try:
            requests.staff_change(db.session, registry(), found, staff=staff, to=form.to.data, message=form.message.data)
        except requests.RequestError as error:
            field = form.message if error.code == "message_needed" else form.to
            field.errors = [ACTION_ERRORS.get(error.code, ACTION_ERRORS["transition"])]
        else:
            return redirect(url_for("staff.detail", reference=reference, done=form.to.data))
    file = registry().person_file(found.person_iin)
    contact = contacting.contact_of(db.session, found.person_iin, file.person.preferred_language if file else "kk")
    # A template (a link, so it works without JavaScript) fills the message box in the person's
    # language, and chooses the decision it goes with.
    templates = messages.offered(possible)
    language = LANGUAGE_NAMES[contact.language]
    chosen = next((t for t in templates if t.code == request.args.get("template")), None)
    if request.method == "GET" and chosen:
        form.message.data = messages.filled(chosen, contact.language, found.reference)
        form.to.data = next(action for action in chosen.actions if action in possible)
        form.message.description = _("Filled from the template “%(template)s” in %(language)s, the language the "
                                     "person reads. Check it and change what you need: the person sees the message "
                                     "exactly as you write it.", template=chosen.name, language=language)
    page = render_template("staff/detail.html", staff=staff, request_=found, file=file, form=form, contact=contact,
                           possible=possible, done=request.args.get("done"), templates=templates, chosen=chosen,
                           language=language, benefits=shown.benefits,
                           # Asked of the person, read by staff: about them by name, never "your programme".
                           answers=[(label, answer) for label, answer, _ in answer_rows(
                               found.kind, found.answers, file,
                               next((e.original_name for e in found.evidence if not e.came_later), None),
                               f"{file.person.surname} {file.person.given_name}" if file else None)])
    db.session.commit()  # the look and the reads in the audit log (services.request_page), before the page leaves
    return page


@bp.get("/audit")
@staff_required
def audit():
    """Who has seen or changed the information of a person of the staff member's region."""
    staff = current_staff()
    form = AuditSearchForm(request.args)
    found = None
    if "iin" in request.args and form.validate():
        found = services.audit_log(db.session, registry(), staff, form.iin.data,
                                   page_number(request.args.get("page")))
        if found is None:
            form.iin.errors = [NOT_IN_REGION]
    person, page = found or (None, None)
    rows = audit_words.rows_for_staff(db.session, registry(), page, person=person, region=staff.region) if page else []
    return render_template("staff/audit.html", staff=staff, form=form, person=person, page=page, rows=rows)


@bp.get("/requests/<reference>/evidence/<int:evidence_id>")
@staff_required
def evidence(reference: str, evidence_id: int):
    found = services.request_for_staff(db.session, current_staff(), reference)
    item = next((e for e in found.evidence if e.id == evidence_id), None) if found else None
    if item is None:
        abort(404)
    path = Path(current_app.config["UPLOAD_FOLDER"]) / item.stored_name
    response = send_file(path, mimetype=item.content_type, as_attachment=True,
                         download_name=requests.download_name(item), conditional=False, etag=False)
    # A person's health documents: no browser or proxy keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("staff.login"))
