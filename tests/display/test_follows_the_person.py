"""Display settings that follow a signed-in person (issue #23, point 6): saved to the account when
the person saves them signed in, and put in the cookie when they sign in on a device that has no
display cookie (a fresh test client is a new device). Signed out, only the cookie keeps them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.display.account import saved_on
from portal.display.settings import DisplaySettings
from portal.models import Account, AuditEvent
from tests.conftest import csrf_token, signed_in
from tests.display.test_settings import display_cookie, html_classes, save
from tests.pagecheck import main_text, translated

LANGS = ["kk", "ru"]
LARGEST_DARK = {"text": "largest", "colours": "dark"}


def saved_settings(session, iin: str) -> str | None:
    session.expire_all()
    return session.scalar(select(Account.display_settings).where(Account.iin == iin))


@pytest.mark.parametrize("lang", LANGS)
def test_settings_saved_signed_in_are_kept_on_the_account(app, demo, session, lang):
    iin = next(iter(demo))
    client = signed_in(app.test_client(), iin)
    response = save(client, lang, **LARGEST_DARK)
    assert display_cookie(response)["value"] == "text=largest&colours=dark"  # this device, at once
    assert saved_settings(session, iin) == "text=largest&colours=dark"
    detail = session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "display_settings_saved",
                                                            AuditEvent.actor_iin == iin))
    assert detail == "text=largest&colours=dark"
    # The page says where the choice is kept.
    page = client.get(response.headers["Location"])
    assert "display-text-largest" in html_classes(page)
    assert translated(lang, "They are also kept with your account, and apply when you sign in on another device.") \
        in main_text(page)

    # Back to standard: nothing is kept, and the next device gets no cookie.
    save(client, lang)
    assert saved_settings(session, iin) is None


def test_a_new_device_gets_the_settings_at_sign_in(app, demo, session):
    iin = next(iter(demo))
    save(signed_in(app.test_client(), iin), **LARGEST_DARK, spacing="wide")

    new_device = app.test_client()
    assert html_classes(new_device.get("/kk/")) == set()  # before signing in: nothing to go by
    response = new_device.post("/kk/login", data={"persona": iin, "csrf_token": csrf_token(new_device)})
    assert response.status_code == 302
    assert display_cookie(response)["value"] == "text=largest&colours=dark&spacing=wide"
    page = new_device.get("/kk/cabinet/")
    assert html_classes(page) == {"display-text-largest", "display-colours-dark", "display-spacing-wide"}
    # Signing out leaves the device as it is now: the settings are the device's cookie.
    new_device.post("/kk/logout", data={"csrf_token": csrf_token(new_device, "/kk/cabinet/")})
    assert html_classes(new_device.get("/kk/")) == {"display-text-largest", "display-colours-dark",
                                                    "display-spacing-wide"}


def test_a_device_with_its_own_settings_keeps_them_at_sign_in(app, demo, session):
    iin = next(iter(demo))
    save(signed_in(app.test_client(), iin), **LARGEST_DARK)

    own = app.test_client()
    save(own, text="large")  # chosen on this device before signing in
    response = own.post("/kk/login", data={"persona": iin, "csrf_token": csrf_token(own)})
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("display=")]
    assert html_classes(own.get("/kk/cabinet/")) == {"display-text-large"}
    assert saved_settings(session, iin) == "text=largest&colours=dark"  # the account's stay as saved


def test_a_person_who_never_saved_any_gets_no_cookie_at_sign_in(app, demo, session):
    iin = next(iter(demo))
    client = app.test_client()
    response = client.post("/kk/login", data={"persona": iin, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("display=")]


@pytest.mark.parametrize("lang", LANGS)
def test_signed_out_the_settings_stay_in_the_cookie_only(app, demo, session, lang):
    accounts_before = session.scalar(select(Account.iin).where(Account.display_settings.is_not(None)))
    client = app.test_client()
    response = save(client, lang, **LARGEST_DARK)
    assert display_cookie(response)["value"] == "text=largest&colours=dark"
    assert session.scalar(select(Account.iin).where(Account.display_settings.is_not(None))) == accounts_before is None
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "display_settings_saved")) is None
    page = client.get(response.headers["Location"])
    assert translated(lang, "They are also kept with your account, and apply when you sign in on another device.") \
        not in main_text(page)
    assert translated(lang, "If you sign in first, we also keep your choice with your account, and it follows you "
                            "to any device you sign in on.") in main_text(page)
    # Signing in on this device afterwards keeps what the device has, and saves nothing.
    iin = next(iter(demo))
    client.post("/kk/login", data={"persona": iin, "csrf_token": csrf_token(client)})
    assert html_classes(client.get("/kk/cabinet/")) == {"display-text-largest", "display-colours-dark"}
    assert saved_settings(session, iin) is None


def test_what_an_account_keeps_is_read_as_strictly_as_the_cookie():
    assert saved_on(None) is None
    assert saved_on(Account(iin="x", display_settings=None)) is None
    assert saved_on(Account(iin="x", display_settings="text=standard")) is None
    assert saved_on(Account(iin="x", display_settings="text=huge&colours=dark")) == DisplaySettings(colours="dark")
