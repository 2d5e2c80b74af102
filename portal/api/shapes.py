"""The JSON the portal API answers with: codes for programs, labels in the caller's language."""

from __future__ import annotations

import datetime as dt

from portal import moments
from portal import vocabulary as v
from portal.access import Authority
from portal.benefits.entitlements import Possible
from portal.models import Booking, Evidence, ServiceRequest
from portal.registry import wire
from portal.registry.records import (
    BenefitRecord,
    DecisionRecord,
    ItemRecord,
    PaymentRecord,
    PersonRecord,
    ProgrammeRecord,
)
from portal.rights.catalogue import ENTITLEMENT_TITLES
from portal.rights.services import Entitlement


def label(codes: dict, code: str | None) -> str | None:
    return str(codes[code]) if code in codes else None


def person(record: PersonRecord, *, with_phone: bool) -> dict:
    """The person; the phone only for them, or a carer whose mandate needs it (issue #18):
    without it the key is left out, as null means the registry has no phone for them."""
    shape = {"iin": record.iin, "full_name": record.full_name, "birth_date": record.birth_date.isoformat(),
             "region": record.region, "region_label": label(v.REGIONS, record.region),
             "preferred_language": record.preferred_language}
    if with_phone:
        shape["phone"] = record.phone
    return shape


def person_for(authority: Authority) -> dict:
    """The person as the caller may see them, within the caller's authority."""
    return person(authority.person, with_phone=authority.sees("phone"))


def decision(record: DecisionRecord) -> dict:
    return {**wire.dump(record), "group_label": label(v.GROUPS, record.disability_group),
            "child_category_label": label(v.CHILD_CATEGORIES, record.child_category),
            "cause_label": label(v.CAUSES, record.cause)}


def item(record: ItemRecord) -> dict:
    return {**wire.dump(record), "part": record.part, "kind_label": str(v.irp_kind_label(record.kind)),
            "status_label": label(v.ITEM_STATUSES, record.status), "payer_label": label(v.PAYERS, record.payer)}


def programme(record: ProgrammeRecord) -> dict:
    return {**{k: val for k, val in wire.dump(record).items() if k != "items"},
            "items": [item(i) for i in record.items]}


def entitlement(record: Entitlement) -> dict:
    return {"code": record.code, "title": label(ENTITLEMENT_TITLES, record.code), "payer": record.payer,
            "granted": record.granted, "reason": record.reason, "hours_per_day": record.hours_per_day,
            "hours_per_year": record.hours_per_year, "employer_name": record.employer_name}


def acting_for(authority: Authority) -> dict:
    return {"person": person_for(authority), "basis": authority.source, "scopes": sorted(authority.scopes),
            "until": authority.ends_on.isoformat() if authority.ends_on else None}


def service_request(found: ServiceRequest, *, full: bool = False) -> dict:
    shape = {"reference": found.reference, "kind": found.kind, "kind_label": label(v.REQUEST_KINDS, found.kind),
             "status": found.status, "status_label": label(v.REQUEST_STATUSES, found.status),
             "person_iin": found.person_iin, "submitted_by_iin": found.submitted_by_iin,
             "submitted_at": moments.iso(found.submitted_at, "seconds"),
             "updated_at": moments.iso(found.updated_at, "seconds")}
    if full:
        shape["answers"] = found.answers
        shape["events"] = [{"status": e.status, "status_label": label(v.REQUEST_STATUSES, e.status),
                            "at": moments.iso(e.at, "seconds"), "message": e.message} for e in found.events]
        # Its files: with the request, with an answer to the department, or added later.
        shape["documents"] = [{**evidence(e), "sent_with": e.sent_with or "request",
                               "uploaded_at": moments.iso(e.uploaded_at, "seconds")} for e in found.evidence]
    return shape


def booking(found: Booking) -> dict:
    return {"reference": found.reference, "person_iin": found.person_iin, "booked_by_iin": found.booked_by_iin,
            "mode": found.mode, "mode_label": label(v.BOOKING_MODES, found.mode),
            "purpose": found.purpose, "purpose_label": label(v.BOOKING_PURPOSES, found.purpose),
            "sign_language": found.sign_language, "sign_language_label": label(v.SIGN_LANGUAGES, found.sign_language),
            "spoken_language": found.spoken_language,
            "spoken_language_label": label(v.SPOKEN_LANGUAGES, found.spoken_language),
            "starts_at": moments.iso(found.starts_at), "minutes": found.minutes,
            "status": found.status, "status_label": label(v.BOOKING_STATUSES, found.status),
            "address": found.address, "notes": found.notes, "video_link": found.video_link,
            "series": found.series}


def evidence(record: Evidence) -> dict:
    """A file sent for a request: its id, for the request's `evidence_id`."""
    return {"id": record.id, "name": record.original_name, "content_type": record.content_type,
            "size": record.size}


def iso_date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def benefit(record: BenefitRecord) -> dict:
    """A benefit as the registry holds it: the monthly amount is the payer's, never computed here."""
    return {"kind": record.kind, "kind_label": label(v.BENEFIT_KINDS, record.kind),
            "legal_basis": record.legal_basis, "assigned_on": record.assigned_on.isoformat(),
            "valid_from": record.valid_from.isoformat(), "valid_until": iso_date(record.valid_until),
            "monthly_amount": record.monthly_amount,
            "status": record.status, "status_label": label(v.BENEFIT_STATUSES, record.status),
            "status_reason": record.status_reason,
            "status_reason_label": label(v.BENEFIT_STATUS_REASONS, record.status_reason),
            "status_since": iso_date(record.status_since), "assigned_by": record.assigned_by,
            "payer": record.payer, "payer_label": label(v.BENEFIT_PAYERS, record.payer),
            "for_person_iin": record.for_person_iin}


def possible_benefit(found: Possible, today: dt.date) -> dict:
    """A benefit the person may be entitled to and does not receive. Its amount is computed from the
    multiples of the subsistence minimum, so it sits in `estimate` with `"estimate": true`, never
    where an assigned amount would be (issue #25: an amount computed is only shown as an estimate)."""
    amount = found.estimate(today)
    return {"kind": found.kind, "kind_label": label(v.BENEFIT_KINDS, found.kind), "article": found.article,
            "service": found.service, "confirmed": found.confirmed, "for_iin": found.for_iin,
            "excludes_assistant": found.excludes_assistant,
            "estimate": None if amount is None else {"monthly_amount": amount, "year": today.year, "estimate": True}}


def payment(record: PaymentRecord, paid_by: BenefitRecord) -> dict:
    """A month paid; of the account, only its last 4 digits, all the registry holds."""
    return {"month": record.month.strftime("%Y-%m"), "amount": record.amount, "paid_on": record.paid_on.isoformat(),
            "account_last4": record.account_last4, "benefit_kind": paid_by.kind,
            "benefit_kind_label": label(v.BENEFIT_KINDS, paid_by.kind), "change_note": record.change_note,
            "change_note_label": label(v.PAYMENT_CHANGE_NOTES, record.change_note),
            "previous_amount": record.previous_amount}
