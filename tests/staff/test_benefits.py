"""Staff see a person's benefits on the request page when they matter (issue #25, point 6): on a
request for an individual assistant, the person's own benefits and those paid to others for them,
and, while a carer's benefit is being paid for the person, the notice that the two exclude each
other (Social Code Art. 163 p.2, BENEFITS.md §1 and §3). Other kinds of request read no money."""

import pytest
from sqlalchemy import select

from portal import clock
from portal.demo.personas import DAULET, KULASH, YERZHAN
from portal.demo.requests import SUBMISSION_ID, load_demo_requests
from portal.demo.staff import DEMO_STAFF, load_demo_staff
from portal.models import AuditEvent, Benefit, Person, ServiceRequest
from portal.registry import registry
from tests.pagecheck import main_text, text_of, translated
from tests.staff.test_back_office import sent_request, staff_client

LANGS = ["kk", "ru"]
NOTICE = "A benefit for caring for the person is being paid."
RULE = ("Under the Social Code (Article 163, paragraph 2), an individual assistant is not provided while the "
        "benefit to the person caring for them is paid: the two exclude each other.")


@pytest.fixture
def staff(session, demo):
    load_demo_staff(session)
    return session


def demo_request(session) -> str:
    """Күләш asks for an individual assistant for her son Ержан, for whom she receives the carer's benefit."""
    load_demo_requests(session)
    return session.scalar(select(ServiceRequest.reference).where(ServiceRequest.submission_id == SUBMISSION_ID))


def assistant_request_of(session, iin: str, region: str) -> str:
    """A request for an individual assistant, as it reached the department."""
    found = registry().find_person(iin)
    request = ServiceRequest(submission_id=f"t-{iin}", person_iin=iin, submitted_by_iin=iin, region=region,
                             kind="personal_assistant", answers={"hours": "8", "note": ""}, status="submitted")
    session.add(request)
    session.flush()
    request.reference = f"KZ-{request.submitted_at.year}-{request.id:06d}"
    session.commit()
    assert found is not None
    return request.reference


def carer_benefit(session) -> Benefit:
    kulash = session.scalar(select(Person).where(Person.iin == KULASH))
    return session.scalar(select(Benefit).where(Benefit.person_id == kulash.id, Benefit.kind == "carer_benefit"))


def notice(page):
    return page.doc.find(".//main//div[@class='warning-text']")


def table(page, caption: str, lang: str):
    for found in page.doc.findall(".//main//table"):
        if text_of(found.find("caption")) == translated(lang, caption):
            return [[text_of(cell) for cell in row] for row in found.findall("./tbody/tr")]
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_an_assistant_request_while_the_carers_benefit_is_paid_shows_the_benefits_and_the_notice(app, staff, lang):
    reference = demo_request(staff)
    page = staff_client(app, "shymkent.officer", lang).get(f"/{lang}/staff/requests/{reference}")
    assert page.status_code == 200
    headings = [text_of(h) for h in page.doc.findall(".//main//h2")]
    assert translated(lang, "Benefits") in headings
    shown = text_of(notice(page))
    assert translated(lang, NOTICE) in shown and translated(lang, RULE) in shown
    # His own benefit, his since childhood; and the carer's benefit his mother receives for him.
    (own,) = table(page, "The person's own benefits", lang)
    assert own[0] == translated(lang, "State social disability benefit")
    assert translated(lang, "Assigned") in own[1]
    (paid_for,) = table(page, "Benefits paid to others for the person", lang)
    assert paid_for[0] == translated(lang, "Benefit to a person caring for a person with group I disability")
    assert paid_for[1] == translated(lang, "%(name)s, IIN %(iin)s", name="Сәрсенова Күләш Омарқызы", iin=KULASH)
    assert translated(lang, "Assigned") in paid_for[2]
    assert paid_for[3].replace("\u00a0", " ").replace("\u202f", " ").startswith("81 871")


def test_reading_the_benefits_is_in_the_audit_log_of_the_person_and_of_the_carer(app, staff):
    reference = demo_request(staff)
    staff_client(app, "shymkent.officer").get(f"/kk/staff/requests/{reference}")
    events = staff.scalars(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.detail == "payments"))
    assert sorted(e.subject_iin for e in events) == sorted([YERZHAN, KULASH])


@pytest.mark.parametrize("status, reason", [("suspended", "no_account_activity"), ("stopped", "recipient_request")])
def test_no_notice_when_the_carers_benefit_is_not_being_paid(app, staff, status, reason):
    reference = demo_request(staff)
    benefit = carer_benefit(staff)
    benefit.status, benefit.status_reason, benefit.status_since = status, reason, clock.today()
    staff.commit()
    for lang in LANGS:
        page = staff_client(app, "shymkent.officer", lang).get(f"/{lang}/staff/requests/{reference}")
        assert notice(page) is None
        (paid_for,) = table(page, "Benefits paid to others for the person", lang)
        assert translated(lang, {"suspended": "Suspended", "stopped": "Stopped"}[status]) in paid_for[2]


@pytest.mark.parametrize("lang", LANGS)
def test_no_notice_without_a_carers_benefit_but_the_benefits_are_shown(app, staff, lang):
    # Дәулет (group I) has an individual assistant and no carer's benefit (portal/demo/personas.py).
    reference = assistant_request_of(staff, DAULET, "astana")
    page = staff_client(app, "astana.officer", lang).get(f"/{lang}/staff/requests/{reference}")
    assert notice(page) is None
    assert [row[0] for row in table(page, "The person's own benefits", lang)] == [
        translated(lang, "State social disability benefit")]
    assert table(page, "Benefits paid to others for the person", lang) is None
    assert translated(lang, "The central database holds no benefit paid to anyone else for the person.") \
        in main_text(page)


@pytest.mark.parametrize("lang", LANGS)
def test_other_kinds_of_request_show_no_benefits(app, demo, staff, lang):
    reference, _ = sent_request(app, demo)  # a sanatorium voucher
    region = staff.scalar(select(ServiceRequest.region).where(ServiceRequest.reference == reference))
    officer = next(u for u, _, r, role in DEMO_STAFF if r == region and role == "officer")
    page = staff_client(app, officer, lang).get(f"/{lang}/staff/requests/{reference}")
    assert page.status_code == 200
    assert translated(lang, "Benefits") not in [text_of(h) for h in page.doc.findall(".//main//h2")]
    assert page.doc.find(".//main//table") is None



def test_the_demo_request_is_made_once(staff):
    assert load_demo_requests(staff) == 1
    assert load_demo_requests(staff) == 0
    assert staff.scalar(select(ServiceRequest.kind).where(ServiceRequest.person_iin == YERZHAN)) == "personal_assistant"
