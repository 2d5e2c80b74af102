"""The header of every page (templates/base.html; issue #23, points 2 and 6): one "Menu" that opens
without JavaScript (a <details>), holding the language links, the display settings and the account's
links; and, signed in, the number of the person's own unread messages, never "0".
The header at large text on a phone is measured in a real browser (tests/browser/test_header.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from portal.demo.staff import load_demo_staff
from portal.models import Message
from portal.models.types import utcnow
from tests.conftest import csrf_token, password_signed_in, signed_in
from tests.pagecheck import text_of

LANGS = ["kk", "ru"]
MENU = {"kk": "Мәзір", "ru": "Меню"}
# The link to the inbox with 0, 1, 2, 5, 21 and 22 unread messages: Russian has three forms of
# the count (1 and 21; 2 and 22; 5), Kazakh one.
MESSAGES_LINK = {
    "kk": {0: "Хабарламалар (жаңасы жоқ)", 1: "Хабарламалар (1 оқылмаған)", 2: "Хабарламалар (2 оқылмаған)",
           5: "Хабарламалар (5 оқылмаған)", 21: "Хабарламалар (21 оқылмаған)", 22: "Хабарламалар (22 оқылмаған)"},
    "ru": {0: "Сообщения (новых нет)", 1: "Сообщения (1 непрочитанное)", 2: "Сообщения (2 непрочитанных)",
           5: "Сообщения (5 непрочитанных)", 21: "Сообщения (21 непрочитанное)", 22: "Сообщения (22 непрочитанных)"},
}


def menu(response):
    header = response.doc.find(".//header")
    details = header.find(".//details[@class='site-menu']")
    assert details is not None and details.get("open") is None  # folded until opened, on a phone
    return details


def messages_link(response, lang: str) -> str:
    return text_of(menu(response).find(f".//nav[@class='account-links']//a[@href='/{lang}/cabinet/messages']"))


def add_messages(session, iin: str, count: int) -> None:
    session.add_all(Message(recipient_iin=iin, kind="request_status", language="kk", subject=f"Хабар {n}",
                            body="Өтінішіңіз қаралып жатыр.") for n in range(count))
    session.commit()


@pytest.mark.parametrize("lang", LANGS)
def test_signed_out_the_menu_holds_the_languages_the_display_settings_and_sign_in(client, lang):
    details = menu(client.get(f"/{lang}/"))
    summary = details.find("summary")
    assert summary is not None and list(details)[0] is summary and text_of(summary) == MENU[lang]
    assert details.find(".//nav[@class='language-links']") is not None
    assert details.find(".//p[@class='site-header__display']/a") is not None
    assert details.find(f".//p[@class='account-links']/a[@href='/{lang}/login']") is not None


def links(element) -> list[tuple[str, str]]:
    return [(a.get("href"), text_of(a)) for a in element.iter("a")] + [
        (form.get("action"), text_of(form)) for form in element.iter("form")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_wide_screens_row_and_the_menu_hold_the_same_links(app, demo, lang):
    """Two copies of the links, one shown at a time (portal.css): they must never drift apart."""
    for client in (app.test_client(), signed_in(app.test_client(), next(iter(demo)))):
        header = client.get(f"/{lang}/rights").doc.find(".//header")
        row = links(header.find(".//div[@class='site-header__links']"))
        assert len(row) >= 4 and row == links(header.find(".//div[@class='site-menu__content']"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_header_counts_the_persons_unread_messages_in_words(app, demo, session, lang):
    iin = next(iin for iin, person in demo.items() if person["decisions"])
    session.execute(update(Message).where(Message.recipient_iin == iin).values(read_at=utcnow()))
    session.commit()
    client = signed_in(app.test_client(), iin)
    assert messages_link(client.get(f"/{lang}/cabinet/status"), lang) == MESSAGES_LINK[lang][0]
    shown = 0
    for count in (1, 2, 5, 21, 22):
        add_messages(session, iin, count - shown)
        shown = count
        assert messages_link(client.get(f"/{lang}/rights"), lang) == MESSAGES_LINK[lang][count], count

    # On the inbox the link is the current page; reading it changes nothing until "Mark all as read".
    inbox = client.get(f"/{lang}/cabinet/messages")
    assert menu(inbox).find(f".//nav[@class='account-links']//a[@href='/{lang}/cabinet/messages']").get("aria-current") == "page"
    assert messages_link(inbox, lang) == MESSAGES_LINK[lang][22]
    newest = session.scalar(select(Message.id).where(Message.recipient_iin == iin).order_by(Message.id.desc()))
    client.post(f"/{lang}/cabinet/messages/read",
                data={"up_to": str(newest), "csrf_token": csrf_token(client, f"/{lang}/cabinet/messages")})
    assert messages_link(client.get(f"/{lang}/"), lang) == MESSAGES_LINK[lang][0]


def test_acting_for_someone_the_count_is_of_ones_own_messages(app, demo, session):
    child = next(person for person in demo.values() if person["legal_representative_iin"])
    parent = child["legal_representative_iin"]
    for iin in (parent, child["iin"]):
        session.execute(update(Message).where(Message.recipient_iin == iin).values(read_at=utcnow()))
    session.commit()
    add_messages(session, parent, 1)
    add_messages(session, child["iin"], 5)
    client = signed_in(app.test_client(), parent)
    client.post("/kk/acting-for", data={"subject": child["iin"], "csrf_token": csrf_token(client, "/kk/acting-for")})
    page = client.get("/kk/cabinet/")
    assert child["given_name"] in text_of(page.doc.find(".//main"))  # acting for the child
    assert messages_link(page, "kk") == MESSAGES_LINK["kk"][1]  # the parent's own inbox


def test_staff_see_no_count_of_messages(app, session):
    load_demo_staff(session)
    client = password_signed_in(app.test_client(), "staff", "astana.officer")
    header = menu(client.get("/kk/staff/"))
    assert header.find(".//a[@href='/kk/cabinet/messages']") is None
    assert header.find(".//p[@class='account-links']/a[@href='/kk/staff/']") is not None
