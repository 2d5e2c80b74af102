"""The one gate for every read of a person's data (issue #19).

An authority says who acts (the signed-in person, or the holder of an API token), for whom (the
same person, a child they represent in law, or someone whose mandate they hold) and with which
scopes. It is resolved once a request and kept for it, however many times a page asks.

`require` gives the authority to do something for a person, or raises NotAllowed, which the pages
answer with their 403 page and the API with its 403 (portal/errors.py); the refusal is recorded.
Read services take the authority, never loose IINs, and check its scope themselves (`check`).

Every read of a person's data is noted here (`note_read`), and the gate writes it to the audit log
once a page, when the answer is ready: one event for each person whose data the answer shows,
naming the one who acted (a carer, when they acted for the person) and what was read first. A
redirect shows nothing, so it records nothing; the routes never write an audit event for a read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NoReturn

from flask import Flask, g, has_request_context, request

from portal import audit, clock
from portal import vocabulary as v
from portal.carers.services import active_mandate, mandate_givers, represented_in_law, represented_until
from portal.extensions import db
from portal.registry import registry
from portal.registry.records import PersonFile, PersonRecord

ALL_SCOPES = frozenset(v.MANDATE_SCOPES)
# Every mandate shows the person's status, rights and programme. What goes beyond them is shown only
# with the scope that uses it (issue #18), so a mandate to view shows none of it: the requests (how
# many, their references) and the statements of status, which a carer uses when dealing with
# offices for the person; the interpreter bookings and hours; and the phone number, which only a
# request can change. The benefits and payments (what the person lives on, and the end of a bank
# account) need a scope of their own (issue #25).
SCOPE_TO_SEE = {"requests": "requests", "statements": "requests", "bookings": "bookings", "phone": "requests",
                "payments": "payments"}
# What the audit log's "view" names when an app read it through the API (portal/audit views).
API_PREFIX = "api: "


@dataclass(frozen=True)
class Authority:
    actor_iin: str  # who acts: the person themselves, or the one acting for them
    person: PersonRecord  # whose matters
    scopes: frozenset[str]
    source: str  # "self", "legal_representative" (of a child), "guardian" (of an adult) or "mandate"
    ends_on: dt.date | None = None

    @property
    def person_iin(self) -> str:
        return self.person.iin

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def sees(self, what: str) -> bool:
        """Whether the actor may see `what` (a key of SCOPE_TO_SEE) of the person."""
        return self.allows(SCOPE_TO_SEE[what])

    @property
    def name_in_text(self) -> str:
        """How the pages name the person in a sentence about them while someone acts for them
        (issue #23, point 1): a parent reads of their child by the given name, anyone else of an
        adult by surname and given name, as a Kazakh or Russian letter would."""
        if self.source == "legal_representative":
            return self.person.given_name
        return f"{self.person.surname} {self.person.given_name}"


class NotAllowed(Exception):
    """The actor may not do this for this person; `scope` says what was missing."""

    def __init__(self, subject_iin: str, scope: str):
        super().__init__(subject_iin)
        self.subject_iin, self.scope = subject_iin, scope


def resolve(session, actor_iin: str, subject: PersonRecord | None, today: dt.date) -> Authority | None:
    """The rule of who acts for whom: a person for themselves in everything; a child's legal
    representative in everything until the 18th birthday, and the guardian of an adult a court
    declared incapable for as long as the registry records it, by the registry alone; anyone else
    within a mandate the person approved, while it is in force. None for anyone else, and for a
    subject the registry does not know."""
    if subject is None:
        return None
    subject_iin = subject.iin
    if actor_iin == subject_iin:
        return Authority(actor_iin, subject, ALL_SCOPES, "self")
    if subject.legal_representative_iin == actor_iin and represented_in_law(subject, today):
        source = "guardian" if subject.guardianship_court_decision else "legal_representative"
        return Authority(actor_iin, subject, ALL_SCOPES, source, represented_until(subject))
    mandate = active_mandate(session, actor_iin, subject_iin, today)
    if mandate is not None:
        return Authority(actor_iin, subject, frozenset(mandate.scopes), "mandate", mandate.ends_on)
    return None


def authority(actor_iin: str, subject_iin: str) -> Authority | None:
    """The actor's authority for the subject, resolved once a request (a page asks for it in its
    route, its services, the choice of whom one acts for and the header it renders)."""
    if not has_request_context():
        return resolve(db.session, actor_iin, registry().find_person(subject_iin), clock.today())
    resolved = g.setdefault("authorities", {})
    if (actor_iin, subject_iin) not in resolved:
        file = read_file(subject_iin)
        resolved[actor_iin, subject_iin] = resolve(db.session, actor_iin, file and file.person, clock.today())
    return resolved[actor_iin, subject_iin]


def people_acted_for(actor_iin: str) -> list[Authority]:
    """The children the registry says the actor represents, and the people whose mandates they
    hold in force: everyone they may choose to act for."""
    iins = [p.iin for p in registry().represented_by(actor_iin)] + mandate_givers(db.session, actor_iin)
    found = [authority(actor_iin, iin) for iin in dict.fromkeys(iins)]
    return [a for a in found if a is not None and a.source != "self"]


def require(actor_iin: str, subject_iin: str, scope: str, what: str) -> Authority:
    """The actor's authority to do `scope` for the subject, or NotAllowed, recorded then."""
    found = authority(actor_iin, subject_iin)
    if found is None or not found.allows(scope):
        refuse(actor_iin, subject_iin, scope, what)
    return found


def check(found: Authority, scope: str, what: str) -> None:
    """What a service asks before it reads or does something for the person: NotAllowed, recorded,
    unless the authority holds `scope`."""
    if not found.allows(scope):
        refuse(found.actor_iin, found.person_iin, scope, what)


def refuse(actor_iin: str, subject_iin: str, scope: str, what: str) -> NoReturn:
    audit.record("refused", actor_iin=actor_iin, subject_iin=subject_iin, detail=f"{scope}: {through(what)}")
    db.session.commit()  # kept, whatever the answer that follows does
    raise NotAllowed(subject_iin, scope)


def person_file(found: Authority, what: str, scope: str = "view") -> PersonFile | None:
    """The person's registry file, within `scope` (a mandate for requests alone reads the file to
    send them), its read noted as `what`; read once a request."""
    check(found, scope, what)
    note_read(found, what)
    return read_file(found.person_iin)


def read_file(iin: str) -> PersonFile | None:
    """The registry file of the person, read once a request: resolving an authority reads it (one
    statement, the same as reading the person alone) and the page then shows it. Only the gate
    reads it; everyone else asks `person_file` with an authority."""
    if not has_request_context():
        return registry().person_file(iin)
    files = g.setdefault("person_files", {})
    if iin not in files:
        files[iin] = registry().person_file(iin)
    return files[iin]


def note_read(found: Authority, what: str | None, action: str = "view") -> None:
    """A read of the person's data by the authority's actor, written to the audit log with the
    answer (record_reads): the first read of a person on a page names it. Outside a request (a
    command, a test of a service) it goes into the caller's transaction at once."""
    note(found.actor_iin, found.person_iin, what, action)


def note_own_read(iin: str, what: str | None, action: str = "view") -> None:
    """A person's read of what is theirs alone, whomever they act for (their inbox)."""
    note(iin, iin, what, action)


def note(actor_iin: str, subject_iin: str, what: str | None, action: str) -> None:
    if not has_request_context():
        audit.record(action, actor_iin=actor_iin, subject_iin=subject_iin, detail=what)
        return
    g.setdefault("reads", {}).setdefault((actor_iin, subject_iin), (action, through(what)))


def through(what: str | None) -> str | None:
    """What was read, or refused, as the audit log names it: "api: " first when an app did it."""
    if what is not None and has_request_context() and request.blueprint == "api":
        return API_PREFIX + what
    return what


def init_app(app: Flask) -> None:
    @app.after_request
    def record_reads(response):
        """Write the page's reads to the audit log before the answer leaves: if the log cannot be
        written, the answer is an error page, not the data (fail closed). A redirect showed
        nothing, and an error page of the server shows nothing of the person."""
        reads = g.pop("reads", None)
        if reads and (response.status_code < 300 or 400 <= response.status_code < 500):
            audit.write([audit.event(action, actor_iin=actor_iin, subject_iin=subject_iin, detail=what)
                         for (actor_iin, subject_iin), (action, what) in reads.items()])
            db.session.commit()
        return response
