"""The settings page where a person makes and revokes API tokens: the secret is shown once, the
list shows only what tells tokens apart, and nobody can revoke another person's token."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, ngettext

from portal.account import tokens as api_tokens
from portal.models import ApiToken
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import error_links, main_text, text_of, translated

LANGS = ["kk", "ru"]


@pytest.fixture
def person(demo):
    return persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])


@pytest.fixture
def other_person(demo, person):
    return persona(demo, lambda p: p["decisions"] and p["iin"] != person)


def make(client, lang, name):
    return client.post(f"/{lang}/account/tokens",
                       data={"name": name, "csrf_token": csrf_token(client, f"/{lang}/account/tokens")})


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/kk/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/kk/login?next=/kk/account/tokens")


@pytest.mark.parametrize("lang", LANGS)
def test_the_empty_page_explains_tokens(client, demo, person, lang):
    signed_in(client, person)
    page = client.get(f"/{lang}/account/tokens")
    assert page.status_code == 200
    text = main_text(page)
    assert translated(lang, "Keep a token secret, like a password. "
                            "Do not send it in a message and do not show it to anyone.") in text
    assert translated(lang, "You have no tokens. No app can read your information.") in text
    assert page.doc.find(".//input[@id='name']") is not None


def session_data(client) -> str:
    """What the session cookie holds, read as the app reads it."""
    from flask import current_app

    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return repr(serializer.loads(client.get_cookie("session").value))


def test_the_cabinet_links_to_the_tokens(client, demo, person):
    signed_in(client, person)
    links = {a.get("href") for a in client.get("/kk/cabinet/").doc.iter("a")}
    assert "/kk/account/tokens" in links


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_token_is_shown_once_then_only_its_prefix(client, session, demo, person, lang):
    signed_in(client, person)
    shown = make(client, lang, "  Phone app ")
    # Shown in the answer to the form: the secret travels in neither an address nor the session
    # cookie (issue #18, point 11), and no cache keeps the page.
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    secret = text_of(shown.doc.find(".//code[@id='new-token']"))
    assert secret.startswith(api_tokens.PREFIX)
    assert api_tokens.holder(session, secret) == person
    region = shown.doc.find(".//*[@role='region'][@aria-labelledby='new-token-label']")
    assert region is not None and region.find(".//code") is not None
    assert shown.doc.find(f".//input[@value='{secret}']") is None  # not a field to fill in
    token = session.query(ApiToken).one()
    assert token.name == "Phone app"
    text = main_text(shown)
    assert f"{token.prefix}…" in text
    assert translated(lang, "Never used") in text

    cookie = client.get_cookie("session").value
    assert secret not in cookie and secret not in session_data(client)
    again = client.get(f"/{lang}/account/tokens")
    assert secret not in again.get_data(as_text=True)
    assert again.doc.find(".//code[@id='new-token']") is None
    assert f"{token.prefix}…" in main_text(again)
    assert "Phone app" in main_text(again)


def test_the_list_says_when_a_token_was_last_used(client, session, demo, person):
    signed_in(client, person)
    _, secret = api_tokens.create(session, iin=person, name="Tablet")
    assert translated("kk", "Never used") in main_text(client.get("/kk/account/tokens"))
    api_tokens.holder(session, secret)
    session.commit()
    assert translated("kk", "Never used") not in main_text(client.get("/kk/account/tokens"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "message"), [
    ("   ", "Enter a name for the token, for example “Phone app”"),
    ("x" * 61, "Write a name of no more than 60 characters"),
])
def test_a_name_that_is_missing_or_too_long_is_explained(client, session, demo, person, lang, name, message):
    signed_in(client, person)
    response = make(client, lang, name)
    assert response.status_code == 200  # the page checks saw the "Error:" title and the summary
    assert error_links(response) == {"#name": translated(lang, message)}
    assert response.doc.find(".//input[@id='name']").get("aria-invalid") == "true"
    assert session.query(ApiToken).count() == 0


def test_a_name_of_60_characters_is_accepted(client, session, demo, person):
    signed_in(client, person)
    assert make(client, "kk", "x" * 60).status_code == 200
    assert session.query(ApiToken).one().name == "x" * 60


@pytest.mark.parametrize("lang", LANGS)
def test_the_eleventh_token_is_refused(client, session, demo, person, lang):
    signed_in(client, person)
    for number in range(api_tokens.MAX_TOKENS):
        api_tokens.create(session, iin=person, name=f"App {number}")
    response = make(client, lang, "One more")
    assert response.status_code == 200
    with force_locale(lang):
        message = ngettext("You have %(num)d token already. Revoke one you no longer use first.",
                           "You have %(num)d tokens already. Revoke one you no longer use first.", 10)
    # The summary leads to the list, where a token can be revoked.
    assert error_links(response) == {"#your-tokens": message}
    assert response.doc.find(".//*[@id='your-tokens']").get("tabindex") == "-1"
    assert len(api_tokens.active_tokens(session, person)) == api_tokens.MAX_TOKENS
    assert response.doc.find(".//input[@id='name']").get("value") == "One more"  # nothing typed is lost


@pytest.mark.parametrize("lang", LANGS)
def test_a_revoked_token_stops_working_and_leaves_the_list(client, session, demo, person, lang):
    signed_in(client, person)
    token, secret = api_tokens.create(session, iin=person, name="Old phone")
    kept, _ = api_tokens.create(session, iin=person, name="Laptop")
    page = client.get(f"/{lang}/account/tokens")
    assert f"/{lang}/account/tokens/{token.id}/revoke" in {f.get("action") for f in page.doc.iter("form")}
    response = client.post(f"/{lang}/account/tokens/{token.id}/revoke",
                           data={"csrf_token": csrf_token(client, f"/{lang}/account/tokens")})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/account/tokens?done=revoked"
    assert api_tokens.holder(session, secret) is None
    listed = client.get(response.headers["Location"])
    assert listed.doc.find(".//*[@class='banner banner--success']") is not None
    text = main_text(listed)
    assert translated(lang, "Token revoked") in text
    assert "Old phone" not in text and token.prefix not in text
    assert "Laptop" in text and kept.prefix in text


def test_another_persons_token_cannot_be_revoked(client, session, demo, person, other_person):
    theirs, secret = api_tokens.create(session, iin=other_person, name="Their phone")
    signed_in(client, person)
    assert "Their phone" not in main_text(client.get("/kk/account/tokens"))
    response = client.post(f"/kk/account/tokens/{theirs.id}/revoke",
                           data={"csrf_token": csrf_token(client, "/kk/account/tokens")})
    assert response.status_code == 404
    assert api_tokens.holder(session, secret) == other_person
    missing = client.post("/kk/account/tokens/999999/revoke",
                          data={"csrf_token": csrf_token(client, "/kk/account/tokens")})
    assert missing.status_code == 404


def test_a_token_is_the_signed_in_persons_own_while_acting_for_someone(client, session, demo):
    child = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] == "under_7")
    parent = demo[child]["legal_representative_iin"]
    signed_in(client, parent)
    client.post("/kk/acting-for", data={"subject": child, "csrf_token": csrf_token(client, "/kk/acting-for")})
    assert client.get("/kk/cabinet/status").doc.find(".//*[@class='acting-for']") is not None
    page = client.get("/kk/account/tokens")
    # Not "this page shows their information": it is about the parent's own tokens.
    assert page.doc.find(".//*[@class='acting-for']") is None
    assert make(client, "kk", "Phone app").status_code == 200
    assert session.query(ApiToken).one().iin == parent
