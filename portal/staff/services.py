"""Staff rules: the region-bound queue, and what staff may see."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit
from portal.audit import views as audit_views
from portal.models import ServiceRequest, StaffUser
from portal.models.types import utcnow
from portal.registry import RegistryClient
from portal.registry.records import PersonRecord
from portal.requests.services import OPEN_STATUSES, committed_with_history
from portal.staff.forms import OPEN


def queue(session: Session, staff: StaffUser, *, kind: str = "all", status: str = OPEN, older_than_days: int | None = None,
          now: dt.datetime | None = None) -> list[ServiceRequest]:
    """Requests of the staff member's region, oldest first."""
    query = select(ServiceRequest).where(ServiceRequest.region == staff.region)
    if kind != "all":
        query = query.where(ServiceRequest.kind == kind)
    if status == OPEN:
        query = query.where(ServiceRequest.status.in_(OPEN_STATUSES))
    elif status != "all":
        query = query.where(ServiceRequest.status == status)
    if older_than_days:
        query = query.where(ServiceRequest.submitted_at < (now or utcnow()) - dt.timedelta(days=older_than_days))
    return list(session.scalars(query.order_by(ServiceRequest.submitted_at, ServiceRequest.id).limit(500)))


def request_for_staff(session: Session, staff: StaffUser, reference: str) -> ServiceRequest | None:
    """The request when it belongs to the staff member's region; every look is in the audit log."""
    request = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    if request is None or request.region != staff.region:
        if request is not None:
            audit.record("view_refused", actor_iin=None, actor_staff_id=staff.id, subject_iin=request.person_iin,
                         detail=f"request {reference}")
            session.commit()
        return None
    audit.record("view", actor_iin=None, actor_staff_id=staff.id, subject_iin=request.person_iin,
                 detail=f"request {reference}")
    return committed_with_history(session, request)


def audit_log(session: Session, registry: RegistryClient, staff: StaffUser, iin: str,
              number: int) -> tuple[PersonRecord, audit_views.EventPage] | None:
    """A page of the audit log of a person of the staff member's region, the search itself recorded
    first; None for anyone else. An unknown IIN and a person of another region take the same path:
    the same None, and the refused search recorded for both (as request_for_staff records a refused
    look), so neither the answer nor its queries and time tell who is registered elsewhere."""
    person = registry.find_person(iin)
    if person is None or person.region != staff.region:
        audit.record("audit_search_refused", actor_iin=None, actor_staff_id=staff.id, subject_iin=iin,
                     session=session)
        session.commit()
        return None
    audit.record("audit_search", actor_iin=None, actor_staff_id=staff.id, subject_iin=iin, detail=f"page {number}",
                 session=session)
    session.commit()
    return person, audit_views.about_or_by_person(session, iin, number)
