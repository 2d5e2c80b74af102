"""The rules of a request's life, tested without HTTP: one request per submission, even under
concurrency, and only the allowed transitions."""

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import clock
from portal.extensions import db
from portal.models import ServiceRequest, StaffUser
from portal.registry import registry
from portal.requests import services
from portal.requests.kinds import KINDS
from portal.auth.passwords import hash_password


@pytest.fixture
def applicant(demo):
    iin = next(i for i in demo if demo[i]["decisions"] and KINDS["sanatorium"].eligibility(registry().person_file(i), clock.today()).allowed)
    return registry().person_file(iin)


def submit(session, file, submission_id):
    return services.submit(session, file=file, person_iin=file.person.iin, submitted_by_iin=file.person.iin,
                           region=file.person.region, kind="sanatorium", answers={"season": "summer", "note": ""},
                           submission_id=submission_id)


def test_the_same_submission_creates_one_request(session, applicant):
    submission = services.new_submission_id()
    first, second = submit(session, applicant, submission), submit(session, applicant, submission)
    assert first.id == second.id and first.reference == f"KZ-{first.submitted_at.year}-{first.id:06d}"
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 1


def test_two_submissions_at_the_same_moment_create_one_request(app, applicant):
    """A double click sends two requests in parallel; on PostgreSQL they truly race."""
    submission = services.new_submission_id()
    barrier, results, failures = threading.Barrier(2), [], []
    db.session.rollback()  # end this thread's read, so SQLite lets the two writers take turns

    def send():
        with app.app_context(), Session(db.engine) as own_session:
            try:
                barrier.wait()
                results.append(submit(own_session, applicant, submission).id)
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(set(results)) == 1
    assert db.session.scalar(select(func.count()).select_from(ServiceRequest)) == 1


def test_someone_not_eligible_cannot_submit_around_the_pages(session, demo):
    parent = registry().person_file(next(i for i in demo if not demo[i]["decisions"]))
    with pytest.raises(services.RequestError) as error:
        submit(session, parent, services.new_submission_id())
    assert error.value.code == "not_eligible"


@pytest.fixture
def officer(session, applicant):
    staff = StaffUser(username="t.officer", full_name="Тест", role="officer", region=applicant.person.region,
                      password_hash=hash_password("x"))
    session.add(staff)
    session.commit()
    return staff


ALL_STATUSES = ["submitted", "in_review", "more_info_needed", "approved", "rejected", "provided", "cancelled"]


@pytest.mark.parametrize("start", ALL_STATUSES)
@pytest.mark.parametrize("to", ["in_review", "more_info_needed", "approved", "rejected", "provided"])
def test_staff_move_requests_only_along_allowed_transitions(session, applicant, officer, start, to):
    request = submit(session, applicant, services.new_submission_id())
    request.status = start
    session.commit()
    allowed = to in services.STAFF_TRANSITIONS.get(start, set())
    if allowed:
        services.staff_change(session, registry(), request, staff=officer, to=to, message="Себебі жазылды.")
        assert request.status == to
    else:
        with pytest.raises(services.RequestError):
            services.staff_change(session, registry(), request, staff=officer, to=to, message="Себебі жазылды.")
        assert request.status == start


@pytest.mark.parametrize("start", ALL_STATUSES)
def test_the_person_cancels_only_while_submitted_or_in_review(session, applicant, start):
    request = submit(session, applicant, services.new_submission_id())
    request.status = start
    session.commit()
    if start in ("submitted", "in_review"):
        services.cancel(session, request, by_iin=applicant.person.iin)
        assert request.status == "cancelled"
    else:
        with pytest.raises(services.RequestError):
            services.cancel(session, request, by_iin=applicant.person.iin)


def test_staff_of_another_region_cannot_act(session, applicant, officer):
    request = submit(session, applicant, services.new_submission_id())
    officer.region = "shymkent" if applicant.person.region != "shymkent" else "astana"
    with pytest.raises(services.RequestError) as error:
        services.staff_change(session, registry(), request, staff=officer, to="in_review", message=None)
    assert error.value.code == "other_region"


@pytest.mark.parametrize("head, kind", [(b"%PDF-1.4", "application/pdf"), (b"\xff\xd8\xff\xe0", "image/jpeg"),
                                        (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF89a", None), (b"<svg", None)])
def test_files_are_recognised_by_their_first_bytes(head, kind):
    assert services.evidence_type(head) == kind
