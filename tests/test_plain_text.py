"""Invisible characters are dropped from all free text and file names (issue #18, point 10): bidi
embeddings, overrides and isolates, zero-width characters, the byte-order mark and every other
format character (Unicode Cf). Tabs and line breaks stay only in a field of several lines.

A right-to-left override (U+202E) showed staff an HTML file named "x\u202egnp.html" as
"xlmth.png", and reorders any name or note it is pasted into."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.account import tokens
from portal.models import ApiToken, Evidence, ServiceRequest
from tests.conftest import csrf_token, persona, signed_in
from tests.requests.journey import PNG, answer, asked, send
from tests.requests.test_journey import eligible_persona

# U+202A-U+202E, U+2066-U+2069, U+200B-U+200F, U+FEFF, and two more of category Cf: the soft
# hyphen and a tag character.
INVISIBLE = ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff"
             "\u00ad\U000e0041")


def test_a_note_keeps_its_lines_and_loses_its_invisible_characters(client, demo, session):
    signed_in(client, eligible_persona(demo, "sanatorium"))
    answer(client, "sanatorium", "season", {"season": "summer"})
    if asked(client, "sanatorium", "companion", "kk"):
        answer(client, "sanatorium", "companion", {"companion": ""})
    answer(client, "sanatorium", "note", {"note": f"Бірінші\u202e жол\r\n\tЕкінші{INVISIBLE} жол"})
    send(client, "sanatorium")
    note = session.scalar(select(ServiceRequest)).answers["note"]
    assert note == "Бірінші жол\r\n\tЕкінші жол"


def test_a_one_line_name_gets_spaces_for_tabs_and_line_breaks(client, demo, session):
    signed_in(client, persona(demo, lambda p: p["decisions"]))
    url = "/kk/account/tokens"
    client.post(url, data={"name": f"Телефон\u202e\tқосымша\nсы{INVISIBLE}", "csrf_token": csrf_token(client, url)})
    assert session.scalar(select(ApiToken.name)) == "Телефон қосымша сы"


def test_the_name_of_an_uploaded_file_loses_its_override(app, client, demo, session, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    signed_in(client, eligible_persona(demo, "aid_replacement"))
    item = client.get("/kk/requests/new/aid_replacement/item").doc.find(".//input[@name='item']").get("value")
    answer(client, "aid_replacement", "item", {"item": item})
    answer(client, "aid_replacement", "problem", {"problem": "broken"})
    answer(client, "aid_replacement", "evidence", {"evidence": (io.BytesIO(PNG), f"сурет\u202egnp.html{INVISIBLE}")})
    check = client.get("/kk/requests/new/aid_replacement/note")
    assert check.status_code == 200
    assert session.scalar(select(Evidence.original_name)) == "суретgnp.html"


def test_the_api_reads_text_the_same_way(app, client, demo, session):
    iin = eligible_persona(demo, "sanatorium")
    _, secret = tokens.create(session, iin=iin, name="Test")
    response = client.post("/api/v1/requests", headers={"Authorization": f"Bearer {secret}"},
                           json={"kind": "sanatorium", "declaration": True,
                                 "answers": {"season": "summer", "note": f"A\u202eB\u200b\nC{INVISIBLE}"}})
    assert response.status_code == 201, response.get_json()
    assert session.scalar(select(ServiceRequest)).answers["note"] == "AB\nC"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_journey_with_invisible_characters_reads_back_without_them(client, demo, lang):
    signed_in(client, eligible_persona(demo, "sanatorium"))
    answer(client, "sanatorium", "season", {"season": "summer"}, lang)
    answer(client, "sanatorium", "note", {"note": f"x{INVISIBLE}y"}, lang)
    check = client.get(f"/{lang}/requests/new/sanatorium/check")
    assert not any(character in check.get_data(as_text=True) for character in INVISIBLE)
