"""A message is kept as a key with parameters and put into words when it is shown: the inbox in the
page's language, the text message in the language the recipient reads when it is sent, so a message
is never frozen in the wrong language (issue #23, point 11; ../shared/reviews/USABILITY.md §9)."""

import datetime as dt

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal import clock, moments
from portal.account import contact
from portal.models import Message, ServiceRequest
from portal.notify import texts
from portal.notify.outbox import deliver_outbox
from portal.notify.reminders import reminder_message
from portal.notify.sms import ConsoleSms
from portal.registry import registry
from portal.requests import services as requests
from tests import factories as f
from tests.conftest import persona, signed_in
from tests.pagecheck import text_of, translated

LANGS = ["kk", "ru"]
# One message of each key, as the services write them (portal/requests, bookings, carers, notify/reminders).
SAMPLES = {
    "request_sent": {"reference": "KZ-2026-000123", "kind": "sanatorium"},
    "request_answered": {"reference": "KZ-2026-000123"},
    "request_status": {"reference": "KZ-2026-000123", "status": "rejected", "name": "Артём Сейітов",
                       "message": "Программада жоқ.", "message_lang": "kk"},
    "booking_sent": {"reference": "SL-2026-000007", "starts_at": "2026-12-14T09:00+05:00", "weeks": 3,
                     "name": "Артём Сейітов"},
    "booking_confirmed": {"reference": "SL-2026-000007", "what": "confirmed", "starts_at": "2026-12-14T09:00+05:00"},
    "booking_no_interpreter": {"reference": "SL-2026-000007", "what": "no_interpreter",
                               "starts_at": "2026-12-14T09:00+05:00", "reason": "Ауырып қалдым."},
    "booking_reminder": {"reference": "SL-2026-000007", "what": "reminder", "starts_at": "2026-12-14T09:00+05:00",
                         "name": "Артём Сейітов"},
    "booking_released": {"reference": "SL-2026-000007", "what": "released", "starts_at": "2026-12-14T09:00+05:00"},
    "mandate_asked": {"name": "Айгүл Сейітова"},
    "mandate_approved": {"name": "Айгүл Сейітова"},
    "mandate_refused": {"iin": f.iin()},
    "mandate_ended": {"name": "Айгүл Сейітова"},
    "mandate_came_of_age": {},
    "mandate_request": {"name": "Айгүл Сейітова", "reference": "KZ-2026-000123", "person": "Артём Сейітов"},
    "mandate_booking": {"name": "Айгүл Сейітова", "reference": "SL-2026-000007",
                        "starts_at": "2026-12-14T09:00+05:00"},
    "reexamination_reminder": {"days_left": 7, "ends_on": "2026-12-14", "name": "Артём Сейітов"},
}


def test_every_key_a_service_writes_has_a_renderer_and_each_is_whole_in_both_languages(app):
    assert set(texts.RENDERERS) == set(SAMPLES)
    for kind, params in SAMPLES.items():
        english = texts.in_language(Message(kind=kind, params=params), "en")  # the msgids: no English catalogue
        for lang in LANGS:
            text = texts.in_language(Message(kind=kind, params=params), lang)
            words = text.sms()
            assert "%(" not in words and "%s" not in words and "%d" not in words, (kind, lang, words)
            assert text.subject != english.subject and text.body != english.body, (kind, lang)  # translated
            for key in ("name", "person", "reference", "iin", "message", "reason"):  # as they are, untranslated
                assert params.get(key, "") in words, (kind, lang, key)


def reminder(session, iin) -> Message:
    file = registry().person_file(iin)
    message = reminder_message(file.person, file.person, file.latest_decision, 7)
    session.add(message)
    session.commit()
    return message


def kazakh_reader(demo) -> str:
    return persona(demo, lambda p: p["decisions"] and p["preferred_language"] == "kk" and p["phone"])


def test_a_message_written_for_a_kazakh_reader_reads_in_the_page_s_language(client, session, demo):
    iin = kazakh_reader(demo)
    message = reminder(session, iin)
    assert (message.language, message.subject, message.body) == ("kk", None, None)  # only the key and params
    ends_on = registry().person_file(iin).latest_decision.reexamination_due
    signed_in(client, iin)
    for lang in LANGS:
        item = client.get(f"/{lang}/cabinet/messages").doc.find(".//main//li[@class='message']")
        heading, body = item.find("h2"), item.findall("p")[-1]
        assert text_of(heading) == translated(lang, "Re-examination is coming up")
        assert heading.get("lang") is None and body.get("lang") is None  # the page's own language
        with force_locale(lang):
            assert moments.date(ends_on) in text_of(body)
        assert text_of(body) == texts.in_language(message, lang).body


def test_the_text_message_goes_in_the_language_the_recipient_reads_when_it_is_sent(session, demo):
    iin = kazakh_reader(demo)
    message = reminder(session, iin)
    contact.save(session, iin, language="ru", needs=[])  # changed after the message was written
    sms = ConsoleSms()
    assert deliver_outbox(session, registry(), sms, clock.utcnow()) == (1, 0)
    [(phone, words)] = sms.sent
    assert phone == demo[iin]["phone"]
    assert words == texts.in_language(message, "ru").sms()
    assert words.startswith(translated("ru", "Re-examination is coming up") + ". ")
    assert words != texts.in_language(message, "kk").sms()


@pytest.mark.parametrize("lang", LANGS)
def test_an_officer_s_words_are_shown_as_written_in_their_own_language(client, session, demo, lang):
    iin = kazakh_reader(demo)
    contact.save(session, iin, language="ru", needs=[])  # the officer writes in the language the person reads
    said = "Нет справки <из поликлиники>."
    requests.notify(session, registry(), ServiceRequest(reference="KZ-2026-000321", person_iin=iin), "rejected", said)
    session.commit()
    [message] = session.scalars(select(Message).where(Message.recipient_iin == iin)).all()
    assert (message.params["message"], message.params["message_lang"]) == (said, "ru")
    signed_in(client, iin)
    page = client.get(f"/{lang}/cabinet/messages")
    [words] = page.doc.findall(".//main//li[@class='message']//p/span[@lang='ru']")
    assert words.text == said  # escaped in the page, read back as typed
    paragraph = text_of(page.doc.findall(".//main//li[@class='message']/p")[-1])
    with force_locale(lang):
        assert paragraph == gettext("The reason: %(message)s", message=said)
    assert text_of(page.doc.find(".//main//li[@class='message']/h2")) == translated(
        lang, "News about your request %(reference)s", reference="KZ-2026-000321")


def test_a_message_stored_in_words_before_keeps_its_words_and_their_language(client, session, demo):
    iin = kazakh_reader(demo)
    session.add(Message(recipient_iin=iin, kind="reexamination_reminder", language="kk", subject="Қайта куәландыру",
                        body="Мерзіміңіз 20 күннен кейін бітеді.\n\nЕмханаға барыңыз.",
                        created_at=clock.utcnow() - dt.timedelta(days=30)))
    session.commit()
    signed_in(client, iin)
    item = client.get("/ru/cabinet/messages").doc.find(".//main//li[@class='message']")
    heading, (first, second) = item.find("h2"), item.findall("p")[1:]
    assert (text_of(heading), heading.get("lang")) == ("Қайта куәландыру", "kk")
    assert [(text_of(p), p.get("lang")) for p in (first, second)] == [
        ("Мерзіміңіз 20 күннен кейін бітеді.", "kk"), ("Емханаға барыңыз.", "kk")]
