"""The JSON the portal API answers with: codes for programs, labels in the caller's language."""

from __future__ import annotations

from portal import moments
from portal import vocabulary as v
from portal.access import Authority
from portal.models import Booking, Evidence, ServiceRequest
from portal.registry import wire
from portal.registry.records import DecisionRecord, ItemRecord, PersonRecord, ProgrammeRecord
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
