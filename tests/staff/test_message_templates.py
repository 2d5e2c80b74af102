"""Staff start a message to the person from a template, filled in the language the PERSON reads
whatever the back office's language, and still edit it before it is sent (issue #23, point 12)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.account import contact
from portal.demo.staff import load_demo_staff
from portal.notify import texts
from portal.models import Message, ServiceRequest, StaffUser
from portal.requests.services import STAFF_TRANSITIONS
from portal.staff import messages
from tests.pagecheck import text_of, translated
from tests.staff.test_back_office import act, sent_request, staff_client

LANGS = ["kk", "ru"]
OTHER = {"kk": "ru", "ru": "kk"}


def in_language(template, language, reference):
    with force_locale(language):
        return template.text(reference)


def message_box(page):
    return page.doc.find(".//textarea[@id='message']")


def template_links(page):
    """The codes of the templates the page offers, from its links."""
    links = page.doc.findall(".//ul[@aria-labelledby='message-templates']//a")
    return [parse_qs(urlsplit(a.get("href")).query)["template"][0] for a in links]


def hint_of(page, field_id):
    return text_of(page.doc.find(f".//*[@id='{field_id}-hint']"))


@pytest.fixture
def staff(session, demo):
    load_demo_staff(session)
    return {s.region: s for s in session.scalars(select(StaffUser).where(StaffUser.role == "officer"))}


def person_reads(session, iin, language):
    """The person says on their account which language the department should write in."""
    contact.save(session, iin, language=language, needs=["no_calls"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_template_is_filled_in_the_persons_language_not_the_officers(app, demo, staff, session, lang):
    reference, _ = sent_request(app, demo)
    found = session.scalar(select(ServiceRequest))
    language = OTHER[lang]  # the officer's pages in one language, the person reads the other
    person_reads(session, found.person_iin, language)
    client = staff_client(app, staff[found.region].username, lang)
    url = f"/{lang}/staff/requests/{reference}"
    act(client, reference, "in_review", lang=lang)
    page = client.get(url)
    # The chooser says, in the officer's language, which language the templates are in.
    assert translated(lang, "Russian" if language == "ru" else "Kazakh") in text_of(
        page.doc.find(".//*[@id='message-templates']"))
    codes = template_links(page)
    assert codes == [t.code for t in messages.offered(sorted(STAFF_TRANSITIONS["in_review"]))] == [
        "photo_of_the_aid", "workshop_certificate", "inspection", "approved", "refused"]

    page = client.get(f"{url}?template=photo_of_the_aid")
    box = message_box(page)
    expected = in_language(messages.BY_CODE["photo_of_the_aid"], language, reference)
    assert box.text.strip() == expected
    assert box.get("lang") == language
    assert expected != in_language(messages.BY_CODE["photo_of_the_aid"], lang, reference)  # written in both
    assert translated(lang, "Ask for a photo of the aid") in hint_of(page, "message")
    # It goes with its decision, chosen for the officer.
    assert page.doc.find(".//input[@name='to'][@checked]").get("value") == "more_info_needed"


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_choice_of_their_own_the_registrys_language_is_used(app, demo, staff, session, lang):
    reference, _ = sent_request(app, demo)
    found = session.scalar(select(ServiceRequest))
    language = demo[found.person_iin]["preferred_language"]
    client = staff_client(app, staff[found.region].username, lang)
    page = client.get(f"/{lang}/staff/requests/{reference}?template=inspection")
    assert message_box(page).text.strip() == in_language(messages.BY_CODE["inspection"], language, reference)
    assert page.doc.find(".//input[@name='to'][@checked]").get("value") == "in_review"


@pytest.mark.parametrize("lang", LANGS)
def test_the_officer_edits_the_template_and_the_person_gets_what_was_sent(app, demo, staff, session, lang):
    reference, _ = sent_request(app, demo)
    found = session.scalar(select(ServiceRequest))
    person_reads(session, found.person_iin, "ru")
    client = staff_client(app, staff[found.region].username, lang)
    url = f"/{lang}/staff/requests/{reference}"
    act(client, reference, "in_review", lang=lang)
    refused = client.get(f"{url}?template=refused")
    text = message_box(refused).text.strip()
    assert messages.GAP in text
    # Sent as it is, the gap would reach the person as a blank: the page asks for the reason.
    response = act(client, reference, "rejected", text, lang)
    errors = [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]
    assert errors == [translated(lang, "Write the reason in place of %(gap)s: the person reads the message as it is",
                                 gap=messages.GAP)]
    assert message_box(response).text.strip() == text  # nothing the officer had is lost
    session.expire_all()
    assert session.scalar(select(ServiceRequest.status)) == "in_review"
    edited = text.replace(messages.GAP, "санаторно-курортное лечение не предусмотрено вашей программой")
    assert act(client, reference, "rejected", edited, lang).status_code == 302
    session.expire_all()
    assert session.scalar(select(ServiceRequest)).events[-1].message == edited
    told = session.scalars(select(Message).where(Message.kind == "request_status").order_by(Message.id)).all()
    # As the officer wrote it, tagged with the language the person reads, whatever the staff page's.
    assert edited in texts.in_language(told[-1], "ru").body
    assert (told[-1].params["message"], told[-1].params["message_lang"]) == (edited, "ru")


def test_an_unknown_template_fills_nothing(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    found = session.scalar(select(ServiceRequest))
    client = staff_client(app, staff[found.region].username)
    page = client.get(f"/kk/staff/requests/{reference}?template=nonsense")
    assert page.status_code == 200
    assert (message_box(page).text or "").strip() == ""
    assert page.doc.find(".//input[@name='to'][@checked]") is None


def test_every_template_is_written_in_kazakh_and_in_russian(app):
    with app.test_request_context("/kk/"):
        written_in_both()


def written_in_both():
    for template in messages.TEMPLATES:
        english = in_language(template, "en", "KZ-2026-000001")  # the msgid: no English catalogue
        kk, ru = (in_language(template, language, "KZ-2026-000001") for language in LANGS)
        assert len({english, kk, ru}) == 3, template.code
        assert all("KZ-2026-000001" in text for text in (kk, ru))
        assert (messages.GAP in kk) == (messages.GAP in ru) == (messages.GAP in english)


def test_templates_go_only_with_a_decision_the_officer_can_make(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    found = session.scalar(select(ServiceRequest))
    client = staff_client(app, staff[found.region].username)
    url = f"/kk/staff/requests/{reference}"
    act(client, reference, "in_review")
    act(client, reference, "approved")
    page = client.get(url)
    # Only "mark as provided" is left, and no template goes with it: no chooser.
    assert [i.get("value") for i in page.doc.findall(".//input[@name='to']")] == ["provided"]
    assert template_links(page) == [] and page.doc.find(".//*[@id='message-templates']") is None
    assert message_box(page) is not None
