"""Staff rules: the region-bound queue, and what staff may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit
from portal.audit import views as audit_views
from portal.models import ServiceRequest, StaffUser
from portal.models.types import utcnow
from portal.registry import RegistryClient
from portal.registry.records import BenefitForPerson, BenefitRecord, PersonRecord
from portal.requests.services import OPEN_STATUSES, WITH_HISTORY, committed_with_history
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
        refused(session, staff, request, reference)
        return None
    audit.record("view", actor_iin=None, actor_staff_id=staff.id, subject_iin=request.person_iin,
                 detail=f"request {reference}")
    return committed_with_history(session, request)


def refused(session: Session, staff: StaffUser, request: ServiceRequest | None, reference: str) -> None:
    """A look at another region's request is recorded at once; at a request nobody sent, nothing."""
    if request is not None:
        audit.record("view_refused", actor_iin=None, actor_staff_id=staff.id, subject_iin=request.person_iin,
                     detail=f"request {reference}")
        session.commit()


# The request kinds whose page shows the person's benefits. BENEFITS.md ties one kind of request
# to a benefit: an individual assistant is not provided while the carer's benefit (Social Code
# Art. 187) is paid for the person (Art. 163 p.2; BENEFITS.md §1 and §3). It names no such rule for
# the other kinds: a sanatorium voucher, aids, prosthetics and social services at home are given
# whatever the person or their family is paid, so those pages do not read anyone's money.
BENEFITS_MATTER = frozenset({"personal_assistant"})


@dataclass(frozen=True)
class BenefitsSeen:
    """The person's own benefits, and those paid to others for them (a carer's, a parent's)."""

    own: list[BenefitRecord]
    paid_for: list[BenefitForPerson]

    @property
    def carer_benefit_paid(self) -> list[BenefitForPerson]:
        """The carer's benefits being paid for the person now: assigned, not suspended or stopped."""
        return [found for found in self.paid_for
                if found.benefit.kind == "carer_benefit" and found.benefit.status == "assigned"]


@dataclass(frozen=True)
class RequestPage:
    request: ServiceRequest
    benefits: BenefitsSeen | None  # None: the request's kind is not one where they matter


def request_page(session: Session, registry: RegistryClient, staff: StaffUser, reference: str) -> RequestPage | None:
    """The request as its page shows it, read with its history in one query: with the person's
    benefits when its kind is one of BENEFITS_MATTER. The look, and the reads of the benefits (the
    person's, and each holder's of a benefit paid for them, whose amount staff see too), go into
    the caller's transaction in one statement: the caller commits once the page is made, before
    it leaves (as portal/access.py does with a page's reads), so nothing is read twice."""
    request = session.scalars(select(ServiceRequest).options(*WITH_HISTORY)
                              .where(ServiceRequest.reference == reference)).unique().one_or_none()
    if request is None or request.region != staff.region:
        refused(session, staff, request, reference)
        return None
    looked = [audit.event("view", actor_iin=None, actor_staff_id=staff.id, subject_iin=request.person_iin,
                          detail=f"request {reference}")]
    benefits = None
    if request.kind in BENEFITS_MATTER:
        # No payments: the page shows what is assigned, not what was paid.
        benefits = BenefitsSeen(own=registry.benefits(request.person_iin, with_payments=False) or [],
                                paid_for=registry.benefits_for(request.person_iin))
        looked += [audit.event("view", actor_iin=None, actor_staff_id=staff.id, subject_iin=iin, detail="payments")
                   for iin in dict.fromkeys([request.person_iin, *(found.holder.iin for found in benefits.paid_for)])]
    audit.write(looked)
    return RequestPage(request, benefits)


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
