"""Reading the inbox changes nothing; a POST marks the messages read (issue #18, point 19). A GET
may be repeated, prefetched, or opened by a link someone else sent: it must not make the person's
news count as seen."""

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from portal.models import Message
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import text_of, translated


def news(session, iin, subject="Тест") -> Message:
    message = Message(recipient_iin=iin, kind="request_status", language="kk", subject=subject, body="Жаңалық.")
    session.add(message)
    session.commit()
    return message


def unread(session, iin) -> int:
    return len(session.scalars(select(Message.id).where(Message.recipient_iin == iin, Message.read_at.is_(None))).all())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_opening_the_inbox_leaves_messages_unread_until_the_button(client, session, demo, lang):
    person = persona(demo, lambda p: p["decisions"])
    signed_in(client, person)
    first = news(session, person)
    for _ in range(2):
        page = client.get(f"/{lang}/cabinet/messages")
        assert translated(lang, "Mark all as read") in text_of(page.doc.find(".//main"))
    assert unread(session, person) == 1
    link = client.get(f"/{lang}/cabinet/").doc.find(f".//main//a[@href='/{lang}/cabinet/messages']")
    with force_locale(lang):
        assert ngettext("You have %(count)s unread message", "You have %(count)s unread messages", 1, count=1) in text_of(link)

    shown_up_to = first.id
    later = news(session, person, "Кейін")  # arrives after the page was drawn
    response = client.post(f"/{lang}/cabinet/messages/read", data={
        "up_to": str(shown_up_to), "csrf_token": csrf_token(client, f"/{lang}/cabinet/messages")})
    assert response.headers["Location"] == f"/{lang}/cabinet/messages?done=read"
    session.expire_all()
    assert session.get(Message, first.id).read_at is not None
    assert session.get(Message, later.id).read_at is None  # never shown, still new
    done = client.get(response.headers["Location"])
    assert translated(lang, "Your messages are marked as read.") in text_of(done.doc.find(".//main/.."))


def test_marking_read_touches_only_ones_own_messages_and_refuses_huge_numbers(client, session, demo):
    person, other = [iin for iin, p in demo.items() if p["decisions"]][:2]
    theirs = news(session, other)
    signed_in(client, person)
    token = csrf_token(client, "/kk/cabinet/messages")
    for up_to in (str(theirs.id), "9" * 5000, "-1", ""):
        assert client.post("/kk/cabinet/messages/read", data={"up_to": up_to, "csrf_token": token}).status_code == 302
    session.expire_all()
    assert session.get(Message, theirs.id).read_at is None


def test_the_language_redirect_at_the_root_varies_by_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "ru"})
    assert response.headers["Location"].startswith("/ru/")
    assert "Accept-Language" in response.headers["Vary"]
