"""The signed-in person's pages. Routes parse, call a service, render."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import access, clock, documents, limits
from portal import vocabulary as v
from portal.audit import views as audit_views, words as audit_words
from portal.auth.session import current_iin, login_required
from portal.benefits import statement as benefit_statements
from portal.benefits.payments import payments_page
from portal.benefits.statement import BenefitsStated
from portal.bookings import services as bookings
from portal.cabinet import services
from portal.cabinet.forms import ProgrammeFilterForm, VerifyForm
from portal.carers import acting
from portal.extensions import db
from portal.notify import texts
from portal.paging import page_number
from portal.programmes import services as follow_ups
from portal.registry import freshness, registry
from portal.requests import services as requesting
from portal.rights.services import days_to_reexamination, personal_entitlements

bp = Blueprint("cabinet", __name__, url_prefix="/<lang>/cabinet")
verify_bp = Blueprint("verify", __name__, url_prefix="/<lang>")


def my_file(what: str, scope: str = "view"):
    """(the authority, the file) of the person whose matters are handled now: the signed-in
    person, or someone they act for with a mandate with `scope`; the read is noted as `what`."""
    authority = acting.authorise(scope, what)
    return authority, access.person_file(authority, what, scope)


@bp.get("/")
@login_required
def entitlements():
    authority, file = my_file("entitlements")
    today = clock.today()
    shows_requests, shows_bookings = authority.sees("requests"), authority.sees("bookings")
    quota = bookings.year_quota(db.session, authority, file) if shows_bookings else None
    decision = file.latest_decision if file else None
    return render_template(
        "cabinet/entitlements.html",
        file=file,
        decision=decision,
        term_ended_on=file.term_ended_on(today) if file else None,
        days_left=days_to_reexamination(decision, today) if decision else None,
        reexamination_soon=services.reexamination_soon(decision, today),
        entitlements=personal_entitlements(file, today) if file else [],
        actions=services.actions_needed(file, today) if file else [],
        social_services_portal=services.SOCIAL_SERVICES_PORTAL,
        unread=services.unread_messages(db.session, current_iin()),
        shows_requests=shows_requests,
        shows_payments=authority.sees("payments"),
        open_requests=requesting.open_requests(db.session, authority) if shows_requests else [],
        interpreter_quota=quota,
        to_book_again=bookings.to_book_again(db.session, authority, bookings.now_local()) if quota else [],
        # Someone with no decision of their own who handles others' matters sees what waits for them.
        family=services.tasks_of(db.session, access.people_acted_for(current_iin()), today) if (
            decision is None and authority.source == "self") else [],
    )


@bp.get("/status")
@login_required
def status():
    authority, file = my_file("status")
    return render_template("cabinet/status.html", file=file, decision=file.latest_decision if file else None,
                           term_ended_on=file.term_ended_on(clock.today()) if file else None,
                           shows_statements=authority.sees("statements"))


@bp.get("/payments")
@login_required
def payments():
    """The person's money on one page (issue #25): what they receive and how much, the payments of
    the last 12 months and why an amount changed, a benefit suspended or stopped and what restores
    it, and what they may be entitled to. Acting for someone, it needs the mandate's payments scope."""
    authority, file = my_file("payments", "payments")
    today = clock.today()
    return render_template("cabinet/payments.html", shown=payments_page(authority, file, today), today=today)


@bp.post("/payments/statements")
@login_required
def create_benefits_statement():
    """A statement of the benefits received in the 12 whole months before this one (issue #25,
    point 4): made from the registry as it is now, never from a copy kept while it was down."""
    authority = acting.authorise(benefit_statements.SCOPE, "benefits statement")
    content = benefit_statements.read(registry(), authority.person_iin,
                                      *benefit_statements.months_covered(clock.today()))
    freshness.require_current()
    statement = benefit_statements.create(db.session, authority, content)
    return redirect(url_for("cabinet.benefits_statement", reference=statement.reference))


def benefits_statement_shown(reference: str) -> dict:
    """What the statement of benefits `reference` shows, on its page and in its PDF alike: what it
    said when it was made, to the person or a carer with the payments scope."""
    authority = acting.authorise(benefit_statements.SCOPE, "benefits statement")
    found = benefit_statements.statement_for(db.session, authority, reference)
    if found is None:
        abort(404)
    return {"statement": found, "person": authority.person, "stated": BenefitsStated.from_json(found.content)}


@bp.get("/payments/statements/<reference>")
@login_required
def benefits_statement(reference: str):
    return render_template("cabinet/benefits_statement.html", **benefits_statement_shown(reference))


@bp.get("/payments/statements/<reference>.pdf")
@login_required
@limits.documents
def benefits_statement_pdf(reference: str):
    """The statement of benefits to hand over, as a PDF with the QR code that checks it."""
    return statement_as_pdf("cabinet/benefits_statement.html", benefits_statement_shown(reference))


@bp.post("/statements")
@login_required
def create_statement():
    authority, file = my_file("statement", services.STATEMENT_SCOPE)
    # A statement shows the status as it is today: of a decision in force, never of an ended one.
    decision = file.decision_in_force(clock.today()) if file else None
    if decision is None:
        abort(404)
    freshness.require_current()
    statement = services.create_statement(db.session, iin=authority.person_iin, decision=decision, by_iin=current_iin())
    return redirect(url_for("cabinet.statement", reference=statement.reference))


def statement_shown(reference: str) -> dict:
    """What the statement `reference` shows, on its page and in its PDF alike: the same
    authorisation (a mandate with the statements scope), the same read noted."""
    authority = acting.authorise(services.STATEMENT_SCOPE, "statement")
    found = services.statement_for(db.session, authority, reference)
    if found is None:
        abort(404)
    file = access.person_file(authority, "statement", services.STATEMENT_SCOPE)
    decision = next((d for d in file.decisions if d.number == found.decision_number), None)
    return {"statement": found, "person": file.person, "decision": decision}


@bp.get("/statements/<reference>")
@login_required
def statement(reference: str):
    return render_template("cabinet/statement.html", **statement_shown(reference))


@bp.get("/statements/<reference>.pdf")
@login_required
@limits.documents
def statement_pdf(reference: str):
    """The statement to hand over: the page's template as a PDF, with the QR code that checks it."""
    return statement_as_pdf("cabinet/statement.html", statement_shown(reference))


def statement_as_pdf(template: str, shown: dict):
    """A statement's page (`template`, with what it `shown`s) as the PDF to hand over, named by its
    reference, with the QR code and the address that check it at /verify."""
    address = documents.verify_address(shown["statement"].reference)
    body = documents.render_pdf(template, verify_address=address, qr_code=documents.qr_code(address), **shown)
    return documents.pdf_response(body, documents.file_name(shown["statement"].reference))


def programme_shown(chosen: str) -> dict:
    """What the programme page shows of the items with status `chosen` ("all" for every one), and
    the programme extract of all of them: the same read, noted the same way."""
    authority, file = my_file("programme")
    current = file.latest_programme if file else None
    items = [i for i in current.items if chosen == "all" or i.status == chosen] if current else []
    parts = {part: [i for i in items if i.part == part] for part in v.IRP_PARTS}
    today = clock.today()
    return {"programme": current, "parts": parts, "shown": len(items), "chosen": chosen,
            "person": file.person if file else None, "decision": file.latest_decision if file else None,
            "term_ended_on": file.term_ended_on(today) if file else None,
            "programme_ended": current is not None and file.programme_in_force(today) is None,
            # What happens next with each item, and a link to ask for it here (issue #23, point 4).
            "next_step": services.next_step, "request_kind": services.request_kind,
            "shows_requests": authority.sees("requests"),
            # The items the department follows up, and when it looks again: never the note or who (issue #24).
            "followed_up": follow_ups.followed_up(db.session, current)}


@bp.get("/programme")
@login_required
def programme():
    form = ProgrammeFilterForm(request.args)
    if not form.validate():
        form.status.data = "all"  # an unknown status in the address shows everything
    return render_template("cabinet/programme.html", filter_form=form, **programme_shown(form.status.data))


@bp.get("/programme.pdf")
@login_required
@limits.documents
def programme_pdf():
    """The programme extract to hand over: every item, from the page's template, as a PDF. With no
    programme there is nothing to extract, and the page says so."""
    shown = programme_shown("all")
    if shown["programme"] is None:
        return redirect(url_for("cabinet.programme"))
    body = documents.render_pdf("cabinet/programme.html", generated_on=clock.today(), **shown)
    return documents.pdf_response(body, documents.file_name(shown["programme"].number))


@bp.get("/messages")
@login_required
def messages():
    # The inbox is the signed-in person's own, whoever's matters they handle now, so the page does
    # not say it shows someone else's information.
    found = services.messages_for(db.session, current_iin())
    # Each message in the page's language, the reader's choice now (portal/notify/texts.py).
    return render_template("cabinet/messages.html", messages=[(m, texts.shown(m)) for m in found], acting_for=None,
                           unread=any(m.read_at is None for m in found), up_to=max((m.id for m in found), default=0),
                           done=request.args.get("done") == "read")


@bp.post("/messages/read")
@login_required
def mark_messages_read():
    """The button "Mark all as read": the only way a message stops counting as unread."""
    up_to = request.form.get("up_to", "")
    if len(up_to) <= 12 and up_to.isdigit():  # a length check first: int() of 5,000 digits is slow
        services.mark_read(db.session, current_iin(), int(up_to))
    return redirect(url_for("cabinet.messages", done="read"))


@bp.get("/who-looked")
@login_required
def who_looked():
    """Who has seen or changed the person's information, which the privacy page promises them; a
    carer with a mandate to view sees it for the person, as they see the other cabinet pages."""
    authority = acting.authorise("view", "access log")
    page = audit_views.who_looked(db.session, authority, page_number(request.args.get("page")))
    rows = audit_words.rows_for_person(db.session, registry(), page, viewer_iin=current_iin(), subject=authority.person)
    return render_template("cabinet/who_looked.html", page=page, rows=rows)


@verify_bp.get("/verify")
@limits.verifications
def verify():
    """Anyone holding a statement (staff of an office, an employer) checks that it is genuine, and
    whether it still shows the person's current status."""
    form = VerifyForm(request.args)
    result = None
    if "reference" in request.args:
        if not form.reference.data.strip():
            form.reference.errors = [_("Enter the reference printed on the statement")]
        else:
            result = services.verify_statement(db.session, registry(), form.reference.data)
            if result is None:
                form.reference.errors = [_("We found no statement with this reference. Check it and type it again")]
    return render_template("cabinet/verify.html", form=form, result=result)
