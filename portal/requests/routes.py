"""The request journey (one question a page, answers kept on the server, check your answers,
declaration, confirmation) and the person's own tracking pages."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from portal import access, clock, drafts, limits
from portal.auth.session import current_iin, login_required
from portal.carers import acting
from portal.extensions import db
from portal.registry import registry
from portal.requests import services
from portal.requests.answers import answer_rows
from portal.requests.forms import EVIDENCE_ERRORS, DocumentForm, check_answers_form, question_form, reply_form
from portal.requests.kinds import KINDS

bp = Blueprint("requests", __name__, url_prefix="/<lang>/requests")

def my_file():
    """(the authority, the file) of the person whose requests are handled now: the "requests" scope."""
    authority = acting.authorise("requests", "requests")
    return authority, access.person_file(authority, "requests", scope="requests")


def them_of(authority: access.Authority) -> str | None:
    """The name the pages speak of the person by while someone acts for them; None on their own
    pages, which say "you" (issue #23, point 1), as the templates' `them`."""
    return None if authority.actor_iin == authority.person_iin else authority.name_in_text


def saved_draft(kind: str) -> dict | None:
    """The journey in progress (portal/drafts.py), kept apart for each person the signed-in person
    acts for; None when there is none."""
    return drafts.load(db.session, current_iin(), acting.subject_iin(), kind)


def draft_for(kind: str) -> dict:
    """The answers given so far, or a new journey."""
    return saved_draft(kind) or {"submission_id": services.new_submission_id(), "answers": {}}


def keep(kind: str, draft: dict) -> None:
    drafts.save(db.session, current_iin(), acting.subject_iin(), kind, draft)


def end_journey(kind: str) -> None:
    drafts.discard(db.session, current_iin(), acting.subject_iin(), kind)


def uploads_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def replace_evidence(draft: dict, evidence) -> None:
    """The journey's file is the one sent last; the one it replaces is deleted at once."""
    replaced = services.kept_evidence(db.session, draft.get("evidence_id"), current_iin())
    if replaced is not None:
        services.delete_evidence(db.session, uploads_folder(), replaced)
        db.session.commit()
    draft["evidence_id"] = evidence.id
    draft["answers"]["evidence"] = evidence.original_name


def forget_missing_evidence(kind: str, draft: dict) -> None:
    """A file left for a day was removed (`flask uploads sweep`): the journey asks for it again."""
    if draft.get("evidence_id") and services.kept_evidence(db.session, draft["evidence_id"], current_iin()) is None:
        draft.pop("evidence_id")
        draft["answers"].pop("evidence", None)
        keep(kind, draft)


def kind_or_404(kind: str):
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


def next_step(kind: str, question: str | None, answers: dict, file) -> str:
    """The first question not answered yet after `question`, or the check page."""
    questions = KINDS[kind].questions_for(file, clock.today())
    start = questions.index(question) + 1 if question else 0
    for following in questions[start:]:
        if following not in answers and KINDS[kind].asks(following, answers):
            # The choice of proof and the photo are asked only for a broken aid, the photo only when chosen.
            return url_for("requests.question", kind=kind, question=following)
    return url_for("requests.check", kind=kind)


def previous_step(kind: str, question: str, file, answers: dict) -> str:
    """The question asked before this one, skipping those the answers did not ask, or the start page."""
    questions = KINDS[kind].questions_for(file, clock.today())
    asked = [q for q in questions[:questions.index(question)] if KINDS[kind].asks(q, answers) or q in answers]
    return url_for("requests.question", kind=kind, question=asked[-1]) if asked else url_for(
        "requests.start", kind=kind)


@bp.get("/")
@login_required
def index():
    authority, file = my_file()
    kinds = [(code, kind.eligibility(file, clock.today())) for code, kind in KINDS.items()]
    found = services.requests_of(db.session, authority)
    return render_template("requests/index.html", requests=found, kinds=kinds)


@bp.get("/new/<kind>")
@login_required
def start(kind: str):
    kind_or_404(kind)
    file = my_file()[1]
    eligibility = KINDS[kind].eligibility(file, clock.today())
    return render_template("requests/start.html", kind=kind, eligibility=eligibility,
                           first_question=KINDS[kind].questions_for(file, clock.today())[0],
                           started=bool((saved_draft(kind) or {}).get("answers")))


@bp.post("/new/<kind>/restart")
@login_required
def restart(kind: str):
    kind_or_404(kind)
    draft = saved_draft(kind)
    left = services.kept_evidence(db.session, draft.get("evidence_id"), current_iin()) if draft else None
    if left is not None:
        services.delete_evidence(db.session, uploads_folder(), left)
    end_journey(kind)
    return redirect(next_step(kind, None, {}, my_file()[1]))


@bp.route("/new/<kind>/<question>", methods=["GET", "POST"])
@login_required
@limits.uploads
def question(kind: str, question: str):
    kind_or_404(kind)
    authority, file = my_file()
    if question not in KINDS[kind].questions_for(file, clock.today()):
        abort(404)
    if not KINDS[kind].eligibility(file, clock.today()).allowed:
        return redirect(url_for("requests.start", kind=kind))
    draft = draft_for(kind)
    answers = draft["answers"]
    form = question_form(kind, question, file, them=them_of(authority),
                         data={question: answers.get(question)} if request.method == "GET" else None)
    changing = request.args.get("change") == "1"
    if form.validate_on_submit():
        if question == "evidence":
            upload = form.evidence.data
            if upload and upload.filename:
                sent = services.DraftUploads(*draft.get("uploads", (0, 0)))
                try:
                    evidence = services.store_evidence(db.session, uploads_folder(),
                                                       owner_iin=current_iin(), stream=upload.stream,
                                                       filename=upload.filename,
                                                       quota=services.UploadQuota.of(current_app.config), sent=sent)
                except services.RequestError as error:
                    upload.close()
                    form.evidence.errors = [EVIDENCE_ERRORS[error.code]]
                    return render_template("requests/question.html", kind=kind, question=question, form=form,
                                           back=previous_step(kind, question, file, answers), draft=draft), 400
                replace_evidence(draft, evidence)
                draft["uploads"] = (sent.files + 1, sent.bytes + evidence.size)
                if KINDS[kind].proof_asked(answers):
                    answers["proof"] = "photo"  # a photo sent is the proof chosen
            elif "evidence" not in answers:
                form.evidence.errors = [EVIDENCE_ERRORS["evidence_missing"]]
                return render_template("requests/question.html", kind=kind, question=question, form=form,
                                       back=previous_step(kind, question, file, answers), draft=draft), 400
        else:
            answers[question] = form.data[question] if question != "note" else (form.note.data or "").strip()
        keep(kind, draft)
        return redirect(url_for("requests.check", kind=kind) if changing else next_step(kind, question, answers, file))
    return render_template("requests/question.html", kind=kind, question=question, form=form,
                           back=url_for("requests.check", kind=kind) if changing
                           else previous_step(kind, question, file, answers),
                           draft=draft)


@bp.route("/new/<kind>/check", methods=["GET", "POST"])
@login_required
@limits.submissions
def check(kind: str):
    kind_or_404(kind)
    authority, file = my_file()
    draft = saved_draft(kind)
    form = check_answers_form(them_of(authority))
    if request.method == "POST":
        # Sent again after it went through (refresh, back button): show what was created.
        existing = services.find_submitted(db.session, form.submission_id.data or "", current_iin())
        if existing:
            if draft is not None and draft["submission_id"] == existing.submission_id:
                # A double click: its two answers both end the journey, whichever the browser keeps
                # last; a draft left behind would send this submission id again with the next request.
                end_journey(kind)
            return redirect(url_for("requests.confirmation", reference=existing.reference))
    if draft is None:
        return redirect(url_for("requests.start", kind=kind))
    forget_missing_evidence(kind, draft)
    unanswered = next_step(kind, None, draft["answers"], file)
    if unanswered != url_for("requests.check", kind=kind):
        return redirect(unanswered)
    # Shown again after a missing tick too: the hidden id is the journey's, whatever was sent.
    form.submission_id.data = draft["submission_id"]
    if form.validate_on_submit():
        try:
            created = services.submit(
                db.session, file=file, person_iin=authority.person_iin, submitted_by_iin=current_iin(),
                region=file.person.region, kind=kind, answers=draft["answers"],
                submission_id=draft["submission_id"], evidence_id=draft.get("evidence_id"), registry=registry())
        except services.RequestError:
            return redirect(url_for("requests.start", kind=kind))
        # Only now: when the database failed above, the answers stay for sending again.
        end_journey(kind)
        return redirect(url_for("requests.confirmation", reference=created.reference))
    return render_template("requests/check.html", kind=kind, form=form,
                           rows=answer_rows(kind, draft["answers"], file, draft["answers"].get("evidence"),
                                            them_of(authority)))


def own_request(reference: str):
    """(the authority, the request) of the person whose matters are handled now, within the
    "requests" scope; 404 for a reference that is not theirs."""
    authority = acting.authorise("requests", f"request {reference}")
    found = services.request_for(db.session, authority, reference)
    if found is None:
        abort(404)
    return authority, found


@bp.get("/<reference>/confirmation")
@login_required
def confirmation(reference: str):
    return render_template("requests/confirmation.html", request_=own_request(reference)[1])


def store_documents(uploads) -> list:
    """Keep the files sent with an answer or added to a request, under the rules of the journey's
    evidence (types, sizes, the person's daily allowance); on the first that cannot be taken,
    services.RequestError, and none of them is kept."""
    stored, sent = [], services.DraftUploads()
    try:
        for upload in uploads:
            evidence = services.store_evidence(db.session, uploads_folder(), owner_iin=current_iin(),
                                               stream=upload.stream, filename=upload.filename,
                                               quota=services.UploadQuota.of(current_app.config), sent=sent)
            stored.append(evidence)
            sent = services.DraftUploads(sent.files + 1, sent.bytes + evidence.size)
    except services.RequestError:
        for evidence in stored:
            services.delete_evidence(db.session, uploads_folder(), evidence)
        db.session.commit()
        raise
    finally:
        for upload in uploads:
            upload.close()
    return stored


def chosen_files(field) -> list:
    """The files a file field carries; a browser sends an empty one when none was chosen."""
    data = field.data if isinstance(field.data, list) else [field.data]
    return [upload for upload in data if upload and upload.filename]


def timeline(found) -> list[tuple]:
    """The request's history, newest first: its events and the documents sent after it, each
    as (when, "event" or "document", what)."""
    entries = [(event.at, "event", event) for event in found.events]
    entries += [(document.uploaded_at, "document", document) for document in found.evidence if document.came_later]
    return sorted(entries, key=lambda entry: (entry[0], entry[1] == "document"), reverse=True)


def render_detail(authority, found, *, form=None, document_form=None, status: int = 200):
    """The request's page; `form` (the answer) or `document_form` with its errors when one was sent wrong."""
    reference = found.reference
    form, document_form = form or reply_form(them_of(authority)), document_form or DocumentForm()
    file = access.person_file(authority, f"request {reference}", scope="requests")
    sender = registry().find_person(found.submitted_by_iin) if found.submitted_by_iin != found.person_iin else None
    first = next((e for e in found.evidence if not e.came_later), None)
    return render_template("requests/detail.html", request_=found, reply_form=form, document_form=document_form,
                           # The layout's error summary and title follow the form sent wrong, if any.
                           form=document_form if document_form.errors else form, done=request.args.get("done"),
                           sender=sender, person=file.person if file else None, timeline=timeline(found),
                           rows=[(label, answer) for label, answer, _ in answer_rows(
                               found.kind, found.answers, file, first.original_name if first else None,
                               them_of(authority))],
                           cancellable=found.status in services.PERSON_MAY_CANCEL,
                           documents_allowed=services.may_add_documents(found)), status


@bp.route("/<reference>", methods=["GET", "POST"])
@login_required
@limits.uploads
def detail(reference: str):
    authority, found = own_request(reference)
    form = reply_form(them_of(authority))
    if request.method == "POST" and form.validate_on_submit():
        if found.status != "more_info_needed":
            abort(409)
        try:
            documents = store_documents(chosen_files(form.documents))
        except services.RequestError as error:
            form.documents.errors = [EVIDENCE_ERRORS[error.code]]
            return render_detail(authority, found, form=form, status=400)
        try:
            services.reply(db.session, found, by_iin=current_iin(), message=form.reply.data, registry=registry(),
                           documents=documents)
        except services.RequestError:
            abort(409)
        return redirect(url_for("requests.detail", reference=reference, done="replied"))
    return render_detail(authority, found, form=form, status=400 if form.errors else 200)


@bp.post("/<reference>/documents")
@login_required
@limits.uploads
def add_document(reference: str):
    """A document added to an open request, at any time (issue #23, point 3)."""
    authority, found = own_request(reference)
    form = DocumentForm()
    if not services.may_add_documents(found):
        return redirect(url_for("requests.detail", reference=reference))
    if form.validate_on_submit():
        uploads = chosen_files(form.file)
        if not uploads:
            form.file.errors = [EVIDENCE_ERRORS["evidence_missing"]]
            return render_detail(authority, found, document_form=form, status=400)
        try:
            document = store_documents(uploads)[0]
        except services.RequestError as error:
            form.file.errors = [EVIDENCE_ERRORS[error.code]]
            return render_detail(authority, found, document_form=form, status=400)
        services.add_document(db.session, found, document, by_iin=current_iin())
        return redirect(url_for("requests.detail", reference=reference, done="document_added"))
    return render_detail(authority, found, document_form=form, status=400)


@bp.route("/<reference>/cancel", methods=["GET", "POST"])
@login_required
def cancel(reference: str):
    found = own_request(reference)[1]
    if found.status not in services.PERSON_MAY_CANCEL:
        return redirect(url_for("requests.detail", reference=reference))
    if request.method == "POST":
        services.cancel(db.session, found, by_iin=current_iin())
        return redirect(url_for("requests.detail", reference=reference, done="cancelled"))
    return render_template("requests/cancel.html", request_=found)
