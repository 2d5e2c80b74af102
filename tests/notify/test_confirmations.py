"""Sending a request, an answer to the department or a booking leaves the one who sent it a
confirmation in the inbox and by text message (the outbox), with the reference and what happens
next (issue #23, point 9)."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.notify.texts import in_language
from portal.models import Message, ServiceRequest
from portal.vocabulary import REQUEST_KINDS
from tests.bookings.test_pages import confirm, fill
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import translated
from tests.requests.journey import complete_journey, send
from tests.requests.test_journey import eligible_persona

LANGS = ["kk", "ru"]


def said_to(session, iin: str, kind: str) -> Message:
    [message] = session.scalars(select(Message).where(Message.recipient_iin == iin, Message.kind == kind)).all()
    return message


@pytest.mark.parametrize("lang", LANGS)
def test_a_request_sent_and_an_answer_sent_are_confirmed(client, demo, session, lang):
    iin = eligible_persona(demo, "sanatorium")
    signed_in(client, iin)
    complete_journey(client, "sanatorium", lang)
    reference = send(client, "sanatorium", lang)[0].headers["Location"].split("/")[-2]
    sent = said_to(session, iin, "request_sent")
    language = demo[iin]["preferred_language"]
    assert sent.language == language and sent.delivered_at is None  # the outbox sends it by text message
    with force_locale(language):
        kind = str(REQUEST_KINDS["sanatorium"])
    assert in_language(sent, language).body == translated(language, "We have received your request %(reference)s: %(kind)s. The department "
                                             "answers within 10 working days, and we tell you at each step.",
                                   reference=reference, kind=kind)
    request = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    request.status = "more_info_needed"
    session.commit()
    url = f"/{lang}/requests/{reference}"
    client.post(url, data={"reply": "Анықтаманы ертең әкелемін.", "csrf_token": csrf_token(client, url)})
    answered = said_to(session, iin, "request_answered")
    text = in_language(answered, answered.language)
    assert reference in text.body and reference in text.subject


def test_a_booking_sent_is_confirmed(client, deaf, session):
    signed_in(client, deaf)
    fill(client)
    reference = confirm(client).headers["Location"].split("/")[-1].split("?")[0]
    sent = said_to(session, deaf, "booking_sent")
    text = in_language(sent, sent.language)
    assert sent.about == reference and reference in text.body and reference in text.subject
