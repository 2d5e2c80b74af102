"""The regional indicators of a quarter: requests decided and refused, interpreter bookings nobody
could take, jobs after vocational training; each from what happened in the quarter, by region and for
the country."""

from __future__ import annotations

import datetime as dt
import uuid

from portal import clock
from portal.models import Booking, RequestEvent, ServiceRequest
from portal.statistics.indicators import ALL_KINDS, COUNTRY, Computation, Quarter, median_from
from tests import factories
from tests.statistics.population import last_quarter_day, load, people


def last_quarter() -> str:
    return Quarter.of(clock.today()).previous().code


def moment(day: str, hour: int = 10) -> dt.datetime:
    """A Kazakhstan wall-clock hour of a day, as the UTC timestamp the portal keeps."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=clock.KAZAKHSTAN).astimezone(dt.UTC)


def decided_request(session, region: str, status: str, sent: str, decided: str) -> None:
    iin = factories.iin()
    request = ServiceRequest(submission_id=str(uuid.uuid4()), person_iin=iin, submitted_by_iin=iin, region=region,
                             kind="sanatorium", answers={}, status=status, submitted_at=moment(sent),
                             updated_at=moment(decided))
    session.add(request)
    session.flush()
    session.add_all([RequestEvent(request_id=request.id, at=moment(sent), status="submitted"),
                     RequestEvent(request_id=request.id, at=moment(decided), status=status)])


def booking(session, region: str, status: str, day: str) -> None:
    iin = factories.iin()
    session.add(Booking(reference=f"B-{uuid.uuid4().hex[:8]}", person_iin=iin, booked_by_iin=iin, region=region,
                        mode="video", purpose="hospital", starts_at=dt.datetime.fromisoformat(day + "T10:00"),
                        minutes=60, status=status))


def test_the_median_of_a_histogram():
    assert median_from({}) is None
    assert median_from({4: 1}) == 4
    assert median_from({1: 1, 3: 1}) == 2
    assert median_from({-5: 24, 10: 20}) == -5


def test_requests_decided_in_the_quarter(session):
    for n in range(12):  # sent 20 days before the decision, 3 of them refused
        decided_request(session, "almaty", "rejected" if n < 3 else "approved",
                        last_quarter_day(40), last_quarter_day(20))
    decided_request(session, "almaty", "approved", last_quarter_day(40), clock.today().isoformat())  # this quarter
    session.commit()
    medians, refused = Computation(session, clock.today()).requests()
    key = (last_quarter(), "almaty", ALL_KINDS)
    assert medians[key].value == 20 and medians[key].base == 12
    assert refused[key].value == 0.25 and (refused[key].numerator, refused[key].persons) == (3, 12)
    assert refused[last_quarter(), COUNTRY, ALL_KINDS].base == 12


def test_bookings_nobody_could_take(session):
    for status in ["no_interpreter"] * 2 + ["released"] + ["completed"] * 7 + ["cancelled"] * 5:
        booking(session, "astana", status, last_quarter_day(15))
    session.commit()
    found = Computation(session, clock.today()).nobody_free()[last_quarter(), "astana", ALL_KINDS]
    # A booking the person cancelled in time is not counted.
    assert (found.numerator, found.base, found.value) == (3, 10, 0.3)


def test_jobs_after_vocational_training(session):
    trained = dict(kind="vocational_training", status="provided", due_date=last_quarter_day(30),
                   completed_on=last_quarter_day(30))
    placed = dict(kind="job_placement", status="provided", due_date=last_quarter_day(10),
                  completed_on=last_quarter_day(10))
    placed_before = dict(placed, completed_on=last_quarter_day(60))
    load(session, people(4, region="almaty", items=[factories.item(1, **trained), factories.item(2, **placed)])
         + people(2, region="almaty", items=[factories.item(1, **trained), factories.item(2, **placed_before)])
         + people(6, region="almaty", items=[factories.item(1, **trained)]))
    found = Computation(session, clock.today()).training_to_job()[last_quarter(), "almaty", ALL_KINDS]
    # A job found before the training ended does not count as found after it.
    assert (found.numerator, found.base, found.persons) == (4, 12, 12)
