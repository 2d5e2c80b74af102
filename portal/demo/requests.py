"""A demo request for the back office: what staff see when the benefits matter (issue #25, point 6).

Created by `flask demo load` only. Күләш Сәрсенова, the guardian of her son Ержан, asks for an
individual assistant for him while she receives the carer's benefit for him (portal/demo/personas.py).
The two exclude each other (Social Code Art. 163 p.2, BENEFITS.md §3), so the Shymkent officer's
request page shows his benefits with the notice that he has to choose.

The portal's own journey would not offer this request (the registry marks the carer's benefit as
paid, portal/rights/services.py), so it is written here as a request that reached the department
anyway, the case the notice is for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit
from portal.demo.personas import KULASH, YERZHAN
from portal.models import RequestEvent, ServiceRequest
from portal.models.types import utcnow

SUBMISSION_ID = "demo-personal-assistant-yerzhan"


def load_demo_requests(session: Session, now: dt.datetime | None = None) -> int:
    """Create the demo request unless it is there already; return how many were created."""
    if session.scalar(select(ServiceRequest.id).where(ServiceRequest.submission_id == SUBMISSION_ID)):
        return 0
    submitted_at = (now or utcnow()) - dt.timedelta(days=2)
    request = ServiceRequest(
        submission_id=SUBMISSION_ID, person_iin=YERZHAN, submitted_by_iin=KULASH, region="shymkent",
        kind="personal_assistant", status="submitted", submitted_at=submitted_at, updated_at=submitted_at,
        answers={"hours": "6", "note": "Күндіз ұлыма көмекші керек, мен жұмысқа қайта шыққым келеді."})
    session.add(request)
    session.flush()
    request.reference = f"KZ-{submitted_at.year}-{request.id:06d}"
    request.events.append(RequestEvent(status="submitted", actor_iin=KULASH, at=submitted_at))
    audit.record("request_submitted", actor_iin=KULASH, subject_iin=YERZHAN, detail=request.reference,
                 session=session)
    session.commit()
    return 1
