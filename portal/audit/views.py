"""Reading the audit log back: a person sees who has seen or changed their information, and staff
search the log of a person of their region. Only reads (and the record of each read): the log is
written by portal.audit and never changed. The events in words are portal.audit.words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session

from portal import access
from portal.access import API_PREFIX, SCOPE_TO_SEE, Authority
from portal.models import AuditEvent
from portal.paging import Paging, page_count

PAGE_SIZE = 50
LOG_READ = "access_log_read"
# A service holding a token of REGISTRY_API_TOKENS read the person through /registry/v1.
REGISTRY_READ = "registry_read"



# Pages --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventPage(Paging):
    events: list[AuditEvent]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return pages_for(self.total)


def pages_for(total: int) -> int:
    return page_count(total, PAGE_SIZE)


def read_page(session: Session, conditions: list, number: int) -> EventPage:
    """One page of the events meeting `conditions`, newest first, in two queries: how many, then the page.
    A page past the end shows the last one."""
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    number = min(number, pages_for(total))
    events = session.scalars(select(AuditEvent).where(*conditions)
                             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                             .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return EventPage(list(events), number, total)


def who_looked(session: Session, authority: Authority, number: int) -> EventPage:
    """The events about the person, for them or someone acting for them within the authority's
    scopes. Reading it is recorded like every read of personal data (portal/access.py); the reads
    of this log by the person and by the one looking are left out, or every visit would push a
    line "you looked at this page" to the top. So are the events a carer's scopes do not show
    (beyond_scopes)."""
    access.note_read(authority, None, action=LOG_READ)
    viewer_iin, subject_iin = authority.actor_iin, authority.person_iin
    return read_page(session, [
        AuditEvent.subject_iin == subject_iin,
        or_(AuditEvent.action != LOG_READ, AuditEvent.actor_iin.is_(None),
            AuditEvent.actor_iin.not_in({subject_iin, viewer_iin})),
        *[not_(about(what)) for what in EVENTS_ABOUT if SCOPE_TO_SEE[what] not in authority.scopes],
    ], number)


# The events about requests, statements, bookings (issue #18) and payments (issue #25): a carer whose mandate does not
# show them (access.SCOPE_TO_SEE) does not see them in the log either, neither their
# references nor how many there are. (action prefixes, other actions, what a view names alone,
# what a view names with a reference.)
EVENTS_ABOUT = {
    "requests": (("request_",), ("view_refused",), ("requests",), ("request",)),
    "statements": (("statement_",), (), ("statement",), ()),
    "bookings": (("booking_",), (), ("interpreter bookings", "interpreter booking", "interpreter quota"),
                 ("booking",)),
    "payments": ((), (), ("payments",), ()),
}


def about(what: str):
    """The condition: the event is one of EVENTS_ABOUT[what], read on a page or through the API."""
    prefixes, actions, views, with_reference = EVENTS_ABOUT[what]
    detail = func.coalesce(AuditEvent.detail, "")
    viewed = [detail.in_([*views, *(API_PREFIX + name for name in views)])]
    viewed += [detail.startswith(f"{start}{kind} ", autoescape=True)
               for kind in with_reference for start in ("", API_PREFIX)]
    return or_(*(AuditEvent.action.startswith(prefix, autoescape=True) for prefix in prefixes),
               AuditEvent.action.in_(actions), and_(AuditEvent.action == "view", or_(*viewed)))


def about_or_by_person(session: Session, iin: str, number: int) -> EventPage:
    """Everything in the log about the person and everything they did for others, for staff."""
    return read_page(session, [or_(AuditEvent.subject_iin == iin, AuditEvent.actor_iin == iin)], number)
