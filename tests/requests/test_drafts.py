"""Drafts live on the server, not in the cookie (issue #18, point 11). Three long drafts made a
5,199-byte session cookie, which browsers drop, and the person's answers vanished. A draft now
survives signing out and is gone 30 days after its last change. (No demo persona may start more
than two kinds of request with a note; two such drafts were already past 4 KB in the cookie.)"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from portal import clock
from portal.models import Draft
from tests.conftest import csrf_token, persona, signed_in
from tests.requests.journey import answer

LONG_NOTE = "Менің мүгедектігім туралы ескертпе: күніне екі рет дәрі ішемін, баспалдақпен көтеріле алмаймын. " * 9


def cookie_data(client) -> str:
    """What the session cookie holds, read as the app reads it."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return repr(serializer.loads(client.get_cookie("session").value))


NOTED_KINDS = ("sanatorium", "personal_assistant", "home_social_services", "technical_aid", "prosthetic")


def eligible_kinds(iin: str) -> list[str]:
    from portal.registry import registry
    from portal.requests.kinds import KINDS

    file = registry().person_file(iin)
    return [kind for kind in NOTED_KINDS if file and file.latest_decision and KINDS[kind].eligibility(file, clock.today()).allowed]


def someone_with_two_kinds(demo) -> str:
    return persona(demo, lambda p: len(eligible_kinds(p["iin"])) >= 2)


def start_long_drafts(client, lang: str = "kk") -> list[str]:
    """Two journeys, each with a note of nearly 1,000 characters (some 12 KB in the old cookie's
    JSON): the kinds, in order."""
    from tests.requests.journey import answers_for

    iin = cookie_iin(client)
    kinds = eligible_kinds(iin)[:2]
    for number, kind in enumerate(kinds):
        for question, data in answers_for(kind, client, lang):
            if question == "note":
                data = {"note": f"Жоба{number}. " + LONG_NOTE[:980]}
            assert answer(client, kind, question, data, lang).status_code == 302
    return kinds


def note_on_check_page(client, kind: str, lang: str = "kk") -> str:
    page = client.get(f"/{lang}/requests/new/{kind}/check")
    return page.get_data(as_text=True) if page.status_code == 200 else ""


def cookie_iin(client) -> str:
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return serializer.loads(client.get_cookie("session").value)["iin"]


def test_long_drafts_leave_the_cookie_small_and_without_their_text(client, demo, session):
    signed_in(client, someone_with_two_kinds(demo))
    kinds = start_long_drafts(client)
    cookie = client.get_cookie("session").value
    assert len(cookie) < 1024
    held = cookie_data(client)
    assert "Жоба" not in held and "ескертпе" not in held
    assert session.scalar(select(func.count()).select_from(Draft)) == 2
    assert "Жоба0." in note_on_check_page(client, kinds[0])


def test_a_draft_survives_signing_out_and_in(client, demo):
    iin = someone_with_two_kinds(demo)
    signed_in(client, iin)
    kinds = start_long_drafts(client)
    client.post("/kk/logout", data={"csrf_token": csrf_token(client, "/kk/cabinet/")})
    assert client.get(f"/kk/requests/new/{kinds[0]}/check").status_code == 302  # signed out
    signed_in(client, iin)
    for number, kind in enumerate(kinds):
        assert f"Жоба{number}." in note_on_check_page(client, kind)


def test_a_draft_is_gone_31_days_later(app, client, demo, session, runner, time_machine):
    time_machine.move_to(clock.utcnow(), tick=False)
    iin = someone_with_two_kinds(demo)
    signed_in(client, iin)
    kinds = start_long_drafts(client)
    time_machine.shift(dt.timedelta(days=29))
    assert "Жоба0." in note_on_check_page(signed_in(app.test_client(), iin), kinds[0])
    time_machine.shift(dt.timedelta(days=2))  # 31 days after the last change
    again = signed_in(app.test_client(), iin)
    assert again.get(f"/kk/requests/new/{kinds[0]}/check").headers["Location"] == f"/kk/requests/new/{kinds[0]}"
    result = runner.invoke(args=["uploads", "sweep"])
    assert "2 old drafts removed" in result.output, result.output
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_booking_draft_is_kept_on_the_server_too(app, client, deaf, session):
    from tests.test_bad_input import good_booking

    signed_in(client, deaf)
    notes = "Мен естімеймін, сурдоаудармашы " + LONG_NOTE[:500]
    response = client.post("/kk/interpreters/book", data={**good_booking(), "notes": notes,
                                                          "csrf_token": csrf_token(client, "/kk/interpreters/book")})
    assert response.headers["Location"] == "/kk/interpreters/book/check"
    assert "сурдоаудармашы" not in cookie_data(client) and "Абай" not in cookie_data(client)
    assert "сурдоаудармашы" in client.get("/kk/interpreters/book/check").get_data(as_text=True)
