"""The rules of a request's life: submitting once, moving only along allowed transitions,
telling the person at each step, and recording everything in the audit log."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal import access, audit, clock
from portal.account.contact import contact_of
from portal import vocabulary as v
from portal.carers import services as carers
from portal.forms import plain_text
from portal.models import Evidence, Message, RequestEvent, ServiceRequest, StaffUser
from portal.models.types import utcnow
from portal.registry import RegistryClient
from portal.registry.records import PersonFile, PersonRecord
from portal.requests.kinds import KINDS

# Who may move a request from one status to another.
STAFF_TRANSITIONS = {
    "submitted": {"in_review", "rejected"},
    "in_review": {"more_info_needed", "approved", "rejected"},
    "approved": {"provided"},
}
PERSON_MAY_CANCEL = {"submitted", "in_review"}
NEEDS_A_MESSAGE = {"more_info_needed", "rejected"}
FINAL = frozenset({"rejected", "provided", "cancelled"})
# Not finished yet: what the cabinet counts and the staff queue shows by default.
OPEN_STATUSES = tuple(status for status in v.REQUEST_STATUSES if status not in FINAL)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Files are recognised by their first bytes, never by their name.
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
# A file that has not joined a request after this long is removed: its journey was left.
ORPHAN_AFTER = dt.timedelta(days=1)
# The extension a downloaded file gets, from the type recognised by its bytes.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class RequestError(Exception):
    """An action the rules do not allow; `code` says which rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_submission_id() -> str:
    return str(uuid.uuid4())


# Evidence -------------------------------------------------------------------------------------

def evidence_type(head: bytes) -> str | None:
    return next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), None)


def download_name(evidence: Evidence) -> str:
    """`evidence-<id>.<extension of the recognised type>`: never the name the uploader gave, which
    can carry a right-to-left override (U+202E) that shows an HTML file's name as `…lmth.png`."""
    return f"evidence-{evidence.id}.{EXTENSIONS[evidence.content_type]}"


@dataclass(frozen=True)
class UploadQuota:
    """How much one journey and one person may upload (portal/config.py)."""

    files_per_draft: int
    bytes_per_draft: int
    bytes_per_person: int  # in 24 hours, counting the files still kept

    @classmethod
    def of(cls, config) -> UploadQuota:
        return cls(config["EVIDENCE_FILES_PER_DRAFT"], config["EVIDENCE_MB_PER_DRAFT"] * 1024 * 1024,
                   config["EVIDENCE_MB_PER_PERSON"] * 1024 * 1024)


@dataclass(frozen=True)
class DraftUploads:
    """What a journey has uploaded so far, replaced files included: kept in its draft."""

    files: int = 0
    bytes: int = 0


def uploaded_in_a_day(session: Session, owner_iin: str, now: dt.datetime) -> int:
    return session.scalar(select(func.coalesce(func.sum(Evidence.size), 0)).where(
        Evidence.owner_iin == owner_iin, Evidence.uploaded_at >= now - dt.timedelta(days=1)))


def store_evidence(session: Session, folder: Path, *, owner_iin: str, stream, filename: str,
                   quota: UploadQuota | None = None, sent: DraftUploads = DraftUploads()) -> Evidence:
    """Keep an uploaded file; RequestError("evidence_type") or ("evidence_size") when it is not
    acceptable, ("evidence_draft_quota") or ("evidence_person_quota") past the `quota`."""
    data = stream.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise RequestError("evidence_size")
    if not data:
        raise RequestError("evidence_missing")
    content_type = evidence_type(data[:16])
    if content_type is None:
        raise RequestError("evidence_type")
    if quota is not None:
        if sent.files >= quota.files_per_draft or sent.bytes + len(data) > quota.bytes_per_draft:
            raise RequestError("evidence_draft_quota")
        if uploaded_in_a_day(session, owner_iin, clock.utcnow()) + len(data) > quota.bytes_per_person:
            raise RequestError("evidence_person_quota")
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    (folder / stored_name).write_bytes(data)
    # The name is shown on the check page and to staff: plain text, as every form field is.
    original_name = plain_text(filename or "", multi_line=False).strip()[:200] or "file"
    evidence = Evidence(owner_iin=owner_iin, stored_name=stored_name, original_name=original_name,
                        content_type=content_type, size=len(data))
    session.add(evidence)
    session.commit()
    return evidence


def delete_evidence(session: Session, folder: Path, evidence: Evidence) -> None:
    """Remove a file that never joined a request (replaced, or left behind), row and bytes; the
    caller commits. A file of a request is never removed."""
    if evidence.request_id is not None:
        raise ValueError("the file of a request is kept")
    (folder / evidence.stored_name).unlink(missing_ok=True)
    session.delete(evidence)


def kept_evidence(session: Session, evidence_id: int | None, owner_iin: str) -> Evidence | None:
    """A draft's file, while it is still kept (the daily sweep removes one left for a day)."""
    evidence = session.get(Evidence, evidence_id) if evidence_id else None
    return evidence if evidence and evidence.owner_iin == owner_iin and evidence.request_id is None else None


def remove_orphan_evidence(session: Session, folder: Path, now: dt.datetime) -> int:
    """Files uploaded more than a day ago that never joined a request; run daily (`flask uploads sweep`)."""
    orphans = session.scalars(select(Evidence).where(Evidence.request_id.is_(None),
                                                     Evidence.uploaded_at < now - ORPHAN_AFTER)).all()
    for evidence in orphans:
        delete_evidence(session, folder, evidence)
    session.commit()
    return len(orphans)


# Submitting -------------------------------------------------------------------------------------

def submit(session: Session, *, file: PersonFile | None, person_iin: str, submitted_by_iin: str, region: str,
           kind: str, answers: dict, submission_id: str, evidence_id: int | None = None,
           registry: RegistryClient | None = None) -> ServiceRequest:
    """Create the request once: the same submission_id always returns the request it created.

    Sent by a carer, the request and the message telling the person of it are committed together
    (the `registry` names the carer), so neither is kept without the other."""
    if submitted_by_iin != person_iin and registry is None:
        raise ValueError("a request sent on someone's behalf needs the registry, to tell the person")
    existing = session.scalar(select(ServiceRequest).where(ServiceRequest.submission_id == submission_id))
    if existing is not None:
        return existing
    if not KINDS[kind].eligibility(file, clock.today()).allowed:
        raise RequestError("not_eligible")
    optional = ("note", "companion", "evidence")  # the photo: photo_needed, below
    missing = [q for q in KINDS[kind].questions_for(file, clock.today())
               if q not in answers and q not in optional and KINDS[kind].asks(q, answers)]
    if missing:
        raise RequestError("incomplete")
    if not KINDS[kind].proof_asked(answers):
        answers = {q: a for q, a in answers.items() if q != "proof"}  # the aid is not broken after all
    evidence = kept_evidence(session, evidence_id, submitted_by_iin)
    if evidence is None and KINDS[kind].photo_needed(answers):
        raise RequestError("evidence_missing")
    request = ServiceRequest(submission_id=submission_id, person_iin=person_iin, submitted_by_iin=submitted_by_iin,
                             region=region, kind=kind, answers=answers, status="submitted")
    try:
        with session.begin_nested():
            session.add(request)
            session.flush()
    except IntegrityError:
        # The same form arrived twice at once (a double click): the other one created it.
        session.rollback()
        return session.scalar(select(ServiceRequest).where(ServiceRequest.submission_id == submission_id))
    request.reference = f"KZ-{request.submitted_at.year}-{request.id:06d}"
    request.events.append(RequestEvent(status="submitted", actor_iin=submitted_by_iin))
    if evidence is not None:
        evidence.request_id, evidence.sent_with = request.id, "request"
    audit.record("request_submitted", actor_iin=submitted_by_iin, subject_iin=person_iin, detail=request.reference,
                 session=session)
    if submitted_by_iin != person_iin:
        carers.tell_done_on_behalf(session, registry, person_iin, "request", submitted_by_iin, request.reference)
    sender = file.person if file and submitted_by_iin == person_iin else (
        registry.find_person(submitted_by_iin) if registry else None)
    confirm(session, request, sender, None if sender is None or sender.iin == person_iin else file.person, "sent")
    session.commit()
    return request


def confirm(session: Session, request: ServiceRequest, sender: PersonRecord | None, about: PersonRecord | None,
            what: str) -> None:
    """A confirmation the one who sent the request (or the answer) keeps, in the inbox and by text
    message, with the reference and what happens next (issue #23, point 9)."""
    if sender is None:
        return
    params = {"reference": request.reference}
    if what == "sent":
        params["kind"] = request.kind
    if about is not None:
        params["name"] = about.full_name
    session.add(Message(recipient_iin=sender.iin, kind=f"request_{what}", about=request.reference,
                        language=sender.preferred_language, params=params))


def find_submitted(session: Session, submission_id: str, person_iin: str) -> ServiceRequest | None:
    return session.scalar(select(ServiceRequest).where(ServiceRequest.submission_id == submission_id,
                                                       ServiceRequest.submitted_by_iin == person_iin))


# Reading ------------------------------------------------------------------------------------------

# A request with its events, their staff and its files, read in one query with it.
WITH_HISTORY = (joinedload(ServiceRequest.events).joinedload(RequestEvent.staff), joinedload(ServiceRequest.evidence))


def requests_of(session: Session, authority: access.Authority) -> list[ServiceRequest]:
    """The person's requests, newest first, within the authority."""
    access.check(authority, "requests", "requests")
    access.note_read(authority, "requests")
    return list(session.scalars(select(ServiceRequest).where(ServiceRequest.person_iin == authority.person_iin)
                                .order_by(ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc())))


@dataclass(frozen=True)
class OpenRequest:
    reference: str
    kind: str
    status: str
    # The person said they would send a document later (a broken aid, issue #23, point 3) and no
    # file has come since: a task on their home page until one does.
    document_promised: bool = False


def open_requests(session: Session, authority: access.Authority) -> list[OpenRequest]:
    """The person's requests not finished yet, oldest change first, read in one statement: the
    cabinet counts them and lists those waiting for the person's answer."""
    access.check(authority, "requests", "requests")
    file_came = select(Evidence.id).where(Evidence.request_id == ServiceRequest.id,
                                          Evidence.sent_with.in_(("answer", "added"))).exists()
    promised = and_(ServiceRequest.answers["proof"].as_string() == "later", ~file_came)
    return [OpenRequest(reference, kind, status, bool(document_promised)) for reference, kind, status, document_promised
            in session.execute(select(ServiceRequest.reference, ServiceRequest.kind, ServiceRequest.status, promised).where(
            ServiceRequest.person_iin == authority.person_iin, ServiceRequest.status.in_(OPEN_STATUSES))
        .order_by(ServiceRequest.updated_at))]


def request_for(session: Session, authority: access.Authority, reference: str) -> ServiceRequest | None:
    """The person's request with this reference, with its events, their staff and its files (read
    together: one query, not one for each), within the authority; None when the person has none."""
    access.check(authority, "requests", f"request {reference}")
    request = session.scalars(select(ServiceRequest).options(*WITH_HISTORY).where(
        ServiceRequest.reference == reference, ServiceRequest.person_iin == authority.person_iin)
    ).unique().one_or_none()
    if request is not None:
        access.note_read(authority, f"request {reference}")
    return request


def committed_with_history(session: Session, request: ServiceRequest) -> ServiceRequest:
    """Commit the caller's work and read the request again with its events, their staff and its
    files in one query: the commit expired the request, and the page would otherwise read the
    row, then its events, then its files, each with a query of its own."""
    request_id = request.id
    session.commit()
    return session.scalars(select(ServiceRequest).options(*WITH_HISTORY)
                           .where(ServiceRequest.id == request_id)).unique().one()


# Changing status ------------------------------------------------------------------------------

def cancel(session: Session, request: ServiceRequest, *, by_iin: str) -> None:
    if request.status not in PERSON_MAY_CANCEL:
        raise RequestError("not_cancellable")
    move(request, "cancelled", actor_iin=by_iin, session=session)
    session.commit()


def reply(session: Session, request: ServiceRequest, *, by_iin: str, message: str,
          registry: RegistryClient | None = None, documents: list[Evidence] = ()) -> None:
    """The person answers "more information needed", with the `documents` asked for (stored by
    store_evidence); the request goes back to review, and whoever answered keeps a confirmation
    (given the `registry`, which names them)."""
    if request.status != "more_info_needed":
        raise RequestError("no_question")
    move(request, "in_review", actor_iin=by_iin, message=message, session=session)
    for document in documents:
        attach(session, request, document, by_iin=by_iin, sent_with="answer")
    if registry is not None:
        confirm(session, request, registry.find_person(by_iin), None, "answered")
    session.commit()


def may_add_documents(request: ServiceRequest) -> bool:
    """Whether documents can be added: while the request is open (OPEN_STATUSES)."""
    return request.status not in FINAL


def add_document(session: Session, request: ServiceRequest, document: Evidence, *, by_iin: str) -> None:
    """A document added to an open request at any time (issue #23, point 3): the one promised when
    the request was sent, or anything the person wants the department to see."""
    if not may_add_documents(request):
        raise RequestError("closed")
    attach(session, request, document, by_iin=by_iin, sent_with="added")
    request.updated_at = utcnow()
    session.commit()


def attach(session: Session, request: ServiceRequest, document: Evidence, *, by_iin: str, sent_with: str) -> None:
    """Join a stored file to the request, in the caller's transaction, and record who sent it."""
    if document.owner_iin != by_iin or document.request_id is not None:
        raise ValueError("only a file of the sender's own, not yet sent, joins a request")
    document.request_id, document.sent_with = request.id, sent_with
    request.evidence.append(document)
    audit.record("request_document_added", actor_iin=by_iin, subject_iin=request.person_iin,
                 detail=request.reference, session=session)


def staff_change(session: Session, registry: RegistryClient, request: ServiceRequest, *, staff: StaffUser,
                 to: str, message: str | None) -> None:
    if request.region != staff.region:
        raise RequestError("other_region")
    if to not in STAFF_TRANSITIONS.get(request.status, set()):
        raise RequestError("transition")
    if to in NEEDS_A_MESSAGE and not (message or "").strip():
        raise RequestError("message_needed")
    move(request, to, staff=staff, message=message, session=session)
    notify(session, registry, request, to, message)
    session.commit()  # the change, its audit record and the message to the person, together


def move(request: ServiceRequest, to: str, *, actor_iin: str | None = None, staff: StaffUser | None = None,
         message: str | None = None, session: Session | None = None) -> None:
    """Record the new status in the caller's transaction; the caller commits."""
    request.status = to
    request.updated_at = utcnow()
    request.events.append(RequestEvent(status=to, message=(message or "").strip() or None, actor_iin=actor_iin,
                                       staff_id=staff.id if staff else None))
    audit.record(f"request_{to}", actor_iin=actor_iin, actor_staff_id=staff.id if staff else None,
                 subject_iin=request.person_iin, detail=request.reference, session=session)


def notify(session: Session, registry: RegistryClient, request: ServiceRequest, status: str, message: str | None) -> None:
    """Tell the person (or whoever `carers.told_about` names) through the outbox and inbox; not
    whoever happened to send the request. The officer's words are kept as written, in the language
    the staff page asked them to write in: the one the person reads (portal/staff/routes.py)."""
    told = carers.told_about(session, registry, request.person_iin, "requests")
    params = {"reference": request.reference, "status": status}
    if (message or "").strip() and told:
        person = told[0][1] or told[0][0]
        params |= {"message": message.strip(),
                   "message_lang": contact_of(session, person.iin, person.preferred_language).language}
    for recipient, about in told:
        session.add(Message(recipient_iin=recipient.iin, kind="request_status", about=request.reference,
                            language=recipient.preferred_language,
                            params=params | ({"name": about.full_name} if about else {})))
