"""The audit log's events in words: who acted, what they did and whose information it was, as the
person (or their carer) reads them and as staff read them. The events are read by portal.audit.views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal import moments
from portal import vocabulary as v
from portal.access import API_PREFIX
from portal.audit.views import LOG_READ, REGISTRY_READ, EventPage
from portal.models import AuditEvent, Interpreter, Mandate, MandateEvent, StaffUser
from portal.registry import RegistryClient
from portal.registry.records import PersonRecord

# Every action code the portal records (grep `audit.record`; request_, booking_ and mandate_ codes
# end in a status). Worded without "you", so that the person and staff read the same label.
ACTION_LABELS = {
    "sign_in": _l("Signed in"),
    "sign_out": _l("Signed out"),
    "sign_out_everywhere": _l("Signed out on every device"),
    "staff_sign_in": _l("Staff member signed in"),
    "interpreter_sign_in": _l("Interpreter signed in"),
    "staff_password_changed": _l("Staff member chose a new password"),
    "department_updated": _l("Staff member changed a department's contact details"),
    "interpreter_password_changed": _l("Interpreter chose a new password"),
    # The second factor after the password (portal/auth/roles.py, issue #26).
    "staff_password_accepted": _l("Staff member's password accepted; the second factor asked for"),
    "staff_second_factor_set_up": _l("Staff member set up the authenticator app and received recovery codes"),
    "staff_second_factor_refused": _l("Staff member's second-factor code refused"),
    "staff_recovery_code_used": _l("Staff member signed in with a recovery code"),
    "interpreter_password_accepted": _l("Interpreter's password accepted; the second factor asked for"),
    "interpreter_second_factor_set_up": _l("Interpreter set up the authenticator app and received recovery codes"),
    "interpreter_second_factor_refused": _l("Interpreter's second-factor code refused"),
    "interpreter_recovery_code_used": _l("Interpreter signed in with a recovery code"),
    # At the command line (portal/auth/accounts.py).
    "staff_account_created": _l("Staff account created"),
    "staff_account_disabled": _l("Staff account disabled"),
    "staff_account_password_reset": _l("Staff account given a new password"),
    "interpreter_account_created": _l("Interpreter account created"),
    "interpreter_account_disabled": _l("Interpreter account disabled"),
    "interpreter_account_password_reset": _l("Interpreter account given a new password"),
    "staff_account_second_factor_reset": _l("Staff account's authenticator app and recovery codes reset"),
    "interpreter_account_second_factor_reset": _l("Interpreter account's authenticator app and recovery codes "
                                                  "reset"),
    "view": _l("Viewed personal information"),
    "refused": _l("Was refused access: no mandate for this"),
    "view_refused": _l("Was refused access to a request of another region"),
    LOG_READ: _l("Viewed who has seen the information"),
    "programme_view_refused": _l("Was refused access to a programme of another region"),
    "programme_follow_up": _l("Staff member recorded a follow-up of a programme item"),
    "programme_list_exported": _l("Staff member downloaded the list of programme items to follow up"),
    "audit_search": _l("Searched the audit log"),
    "audit_search_refused": _l("Was refused a search of the audit log: no person of the staff member's region "
                               "has this IIN"),
    "statement_created": _l("Statement of disability status made"),
    "statement_verified": _l("Statement of disability status checked"),
    "benefits_statement_created": _l("Statement of benefits received made"),
    "benefits_statement_verified": _l("Statement of benefits received checked"),
    "api_token_created": _l("Token for an app made"),
    "api_token_revoked": _l("Token for an app stopped"),
    "contact_preferences_changed": _l("How to be contacted changed"),
    "display_settings_saved": _l("Display settings saved to the account"),
    "mandate_requested": _l("Asked for a mandate to act on the person's behalf"),
    "mandate_active": _l("Mandate approved"),
    "mandate_refused": _l("Mandate refused"),
    "mandate_ended": _l("Mandate ended"),
    "request_submitted": _l("Request sent"),
    "request_in_review": _l("Review of a request started"),
    "request_more_info_needed": _l("More information asked for a request"),
    "request_approved": _l("Request approved"),
    "request_rejected": _l("Request refused"),
    "request_provided": _l("Request marked as provided"),
    "request_cancelled": _l("Request cancelled"),
    "request_document_added": _l("Document added to a request"),
    "booking_requested": _l("Interpreter booked"),
    "booking_cancelled": _l("Interpreter booking cancelled in time"),
    "booking_late_cancelled": _l("Interpreter booking cancelled late"),
    "booking_confirmed": _l("Interpreter booking accepted"),
    "booking_reassigned": _l("Interpreter booking declined and passed to another interpreter"),
    "booking_no_interpreter": _l("Interpreter booking declined, with no other interpreter free"),
    "booking_released": _l("Interpreter booking released, as no interpreter accepted it in time"),
    "booking_completed": _l("Interpreting took place"),
    "booking_no_show": _l("Interpreter recorded that the person did not come"),
    REGISTRY_READ: _l("Read the information in the registry"),
}
OTHER_ACTION = _l("Other action")

# What a "view" names in its detail (the cabinet's pages, the API's "api: " reads, a request or a
# booking with its reference): the person learns what was seen, not only that something was.
VIEWED = {
    "entitlements": _l("Viewed the entitlements"),
    "status": _l("Viewed the disability status"),
    "statement": _l("Viewed a statement of disability status"),
    "programme": _l("Viewed the rehabilitation programme"),
    "rights": _l("Viewed the rights"),
    "messages": _l("Read the messages"),
    "requests": _l("Viewed the list of requests"),
    "request": _l("Viewed a request"),
    "interpreter bookings": _l("Viewed the interpreter bookings"),
    "interpreter booking": _l("Viewed the interpreter bookings"),
    "interpreter quota": _l("Viewed the interpreter hours"),
    "me": _l("Viewed the name and contact details"),
    "booking": _l("Viewed an interpreter booking"),
    "payments": _l("Viewed the benefits and payments"),
    "benefits statement": _l("Viewed a statement of benefits received"),
}

# Done by an interpreter signed in as one (portal/interpreters/services.py), who is not a person
# of the registry: the event names them by actor_interpreter_id (events before migration 0013
# name no one).
INTERPRETER_ACTIONS = frozenset({"booking_confirmed", "booking_reassigned", "booking_no_interpreter",
                                 "booking_completed", "booking_no_show"})
# Their detail is the reference of the request, booking or statement.
REFERENCE_PREFIXES = ("request_", "booking_", "statement_", "benefits_statement_")


@dataclass(frozen=True)
class Actors:
    """The people and staff a page of events names, read once for the page, not once a row."""

    staff: dict[int, StaffUser]
    people: dict[str, PersonRecord | None]
    representatives: frozenset[str] = frozenset()
    interpreters: dict[int, Interpreter] = field(default_factory=dict)


def actors_of(session: Session, registry: RegistryClient, events: list[AuditEvent], *, known: PersonRecord,
              unnamed: str | None = None, with_subjects: bool = False, representing: bool = False) -> Actors:
    """Who acted in `events` (and, for staff, whose information it was), looked up once each; the
    `known` person (whose log it is) and the `unnamed` one (the reader: "You") are not looked up.
    With `representing`, also which of them represent the known person: their parent or guardian
    by the registry, or a carer whose mandate the person approved."""
    staff_ids = {e.actor_staff_id for e in events if e.actor_staff_id}
    staff = {}
    if staff_ids:
        staff = {s.id: s for s in session.scalars(select(StaffUser).where(StaffUser.id.in_(staff_ids)))}
    interpreter_ids = {e.actor_interpreter_id for e in events if e.actor_interpreter_id}
    interpreters = {}
    if interpreter_ids:
        interpreters = {i.id: i for i in session.scalars(
            select(Interpreter).where(Interpreter.id.in_(interpreter_ids)))}
    iins = {e.actor_iin for e in events if e.actor_iin}
    if with_subjects:
        iins |= {e.subject_iin for e in events if e.subject_iin}
    others = iins - {known.iin, unnamed}
    people = {known.iin: known} | {iin: registry.find_person(iin) for iin in sorted(others)}
    representatives = frozenset()
    if representing and others:
        representatives = frozenset(session.scalars(select(Mandate.carer_iin).where(
            Mandate.person_iin == known.iin, Mandate.carer_iin.in_(others),
            or_(Mandate.status == "active", Mandate.events.any(MandateEvent.action == "approved")))))
        if known.legal_representative_iin in others:
            representatives |= {known.legal_representative_iin}
    return Actors(staff, people, representatives, interpreters)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, OTHER_ACTION))


def viewed(detail: str | None) -> tuple[str | None, str | None, bool]:
    """(what was viewed, its reference, whether an app read it) from a view's detail."""
    what = detail or ""
    via_app = what.startswith(API_PREFIX)
    what = what.removeprefix(API_PREFIX)
    for kind in ("request", "booking", "programme"):
        if what.startswith(kind + " "):
            return kind, what[len(kind) + 1:], via_app
    return what or None, None, via_app


def reference_of(event: AuditEvent) -> str | None:
    if event.action.startswith(REFERENCE_PREFIXES):
        return event.detail
    if event.action in ("view", "view_refused"):
        return viewed(event.detail)[1]
    return None


def what_happened(event: AuditEvent) -> str:
    """The action in words; a view says what was seen when the detail names it."""
    if event.action == "view":
        what = viewed(event.detail)[0]
        if what in VIEWED:
            return str(VIEWED[what])
    return action_label(event.action)


def nobody_named(action: str) -> str:
    """Who acted when the event names no person, staff member, interpreter or service."""
    if action in INTERPRETER_ACTIONS:
        return _("The interpreter")
    if action in ("statement_verified", "benefits_statement_verified"):
        return _("Someone who checked the statement")
    return _("Qoljetimdi, automatically")


def staff_in_words(staff: StaffUser | None) -> str:
    if staff is None:
        return _("A member of staff of the department of employment and social programmes")
    return _("%(name)s, staff of the department of employment and social programmes (%(region)s)",
             name=staff.full_name, region=v.REGIONS[staff.region])


def service_in_words(name: str) -> str:
    """A service reading the registry API, by the name its token has in REGISTRY_API_TOKENS."""
    return _("Information system “%(name)s”", name=name)


def interpreter_in_words(event: AuditEvent, actors: Actors, *, for_staff: bool) -> str:
    interpreter = actors.interpreters.get(event.actor_interpreter_id)
    if interpreter is None:
        return _("The interpreter")
    if for_staff:
        return _("%(name)s, interpreter, username %(username)s", name=interpreter.full_name,
                 username=interpreter.username)
    return _("Interpreter %(name)s", name=interpreter.full_name)


def who_for_person(event: AuditEvent, actors: Actors, *, viewer_iin: str) -> str:
    """Who acted, as the person (or their carer) reads it: "You", their representative, staff and
    interpreters by name, a service by its name."""
    if event.actor_staff_id:
        return staff_in_words(actors.staff.get(event.actor_staff_id))
    if event.actor_interpreter_id:
        return interpreter_in_words(event, actors, for_staff=False)
    if event.actor_service:
        return service_in_words(event.actor_service)
    if not event.actor_iin:
        return nobody_named(event.action)
    if event.actor_iin == viewer_iin:
        return _("You")
    person = actors.people.get(event.actor_iin)
    if person is None:
        return _("A person who is not in the register")
    if event.actor_iin in actors.representatives:
        return _("Your representative %(name)s", name=person.full_name)
    return person.full_name


def person_in_words(iin: str, person: PersonRecord | None) -> str:
    if person is None:
        return _("IIN %(iin)s", iin=iin)
    return _("%(name)s, IIN %(iin)s", name=person.full_name, iin=iin)


def who_for_staff(event: AuditEvent, actors: Actors) -> str:
    """Who acted, for staff: a person with their IIN, staff and interpreters with their username."""
    if event.actor_staff_id:
        staff = actors.staff.get(event.actor_staff_id)
        if staff is None:
            return staff_in_words(None)
        return _("%(name)s, staff member (%(region)s), username %(username)s", name=staff.full_name,
                 region=v.REGIONS[staff.region], username=staff.username)
    if event.actor_interpreter_id:
        return interpreter_in_words(event, actors, for_staff=True)
    if event.actor_service:
        return service_in_words(event.actor_service)
    if event.actor_iin:
        return person_in_words(event.actor_iin, actors.people.get(event.actor_iin))
    return nobody_named(event.action)


def whose_information(event: AuditEvent, actors: Actors, region: str) -> str:
    """Whose information the event was about. The searched person acting for someone of another
    region does not tell staff who that is: staff see people of their own region only."""
    if event.subject_iin is None:
        return ""
    if event.subject_iin == event.actor_iin:
        return _("Their own")
    person = actors.people.get(event.subject_iin)
    if person is not None and person.region != region:
        return _("A person of another region")
    return person_in_words(event.subject_iin, person)


@dataclass(frozen=True)
class Row:
    at: dt.datetime
    when: str
    who: str
    what: str
    reference: str | None = None
    via_app: bool = False
    whose: str = ""
    detail: str | None = None
    client_address: str | None = None


def when(event: AuditEvent) -> str:
    """Kazakhstan time in the page's language; stored in UTC."""
    return moments.when(event.at)


def rows_for_person(session: Session, registry: RegistryClient, page: EventPage, *, viewer_iin: str,
                    subject: PersonRecord) -> list[Row]:
    """The page's events as the person reads them: no client address (that is for staff)."""
    actors = actors_of(session, registry, page.events, known=subject, unnamed=viewer_iin, representing=True)
    return [Row(at=e.at, when=when(e), who=who_for_person(e, actors, viewer_iin=viewer_iin), what=what_happened(e),
                reference=reference_of(e), via_app=e.action == "view" and viewed(e.detail)[2])
            for e in page.events]


def rows_for_staff(session: Session, registry: RegistryClient, page: EventPage, *, person: PersonRecord,
                   region: str) -> list[Row]:
    actors = actors_of(session, registry, page.events, known=person, with_subjects=True)
    return [Row(at=e.at, when=when(e), who=who_for_staff(e, actors), what=what_happened(e),
                whose=whose_information(e, actors, region), detail=e.detail, client_address=e.client_address)
            for e in page.events]
