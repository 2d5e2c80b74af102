"""Uploads have limits (issue #18, point 8): per journey and per person, a replaced file is deleted,
files that never joined a request are removed after a day, and uploads are rate-limited. Before,
15 uploads of 10 MB took 1.3 s and left 18 files behind."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal import clock
from portal.models import Evidence
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import PNG, answer, complete_journey, send
from tests.requests.test_journey import eligible_persona

LANGS = ["kk", "ru"]
KIND = "aid_replacement"


@pytest.fixture
def uploader(app, client, demo, tmp_path):
    """A person at the evidence question of a broken aid, uploads going to a folder of the test's own."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    signed_in(client, eligible_persona(demo, KIND))
    item = client.get(f"/kk/requests/new/{KIND}/item").doc.find(".//input[@name='item']").get("value")
    answer(client, KIND, "item", {"item": item})
    answer(client, KIND, "problem", {"problem": "broken"})
    return client


def upload(client, size: int = 64, name: str = "арба.png", lang: str = "kk"):
    url = f"/{lang}/requests/new/{KIND}/evidence"
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, url),
                                       "evidence": FileStorage(io.BytesIO(PNG + b"\x00" * size), name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def files_kept(app) -> list[Path]:
    return list(Path(app.config["UPLOAD_FOLDER"]).iterdir())


def errors(response) -> list[str]:
    return [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]


def test_a_replaced_file_is_deleted(app, uploader, session):
    for _ in range(5):
        assert upload(uploader).status_code == 302
    assert session.scalar(select(func.count()).select_from(Evidence)) == 1
    assert len(files_kept(app)) == 1
    kept = session.scalar(select(Evidence))
    assert files_kept(app)[0].name == kept.stored_name


@pytest.mark.parametrize("lang", LANGS)
def test_a_journey_takes_so_many_files_and_no_more(app, uploader, session, lang):
    app.config["EVIDENCE_FILES_PER_DRAFT"] = 3
    assert [upload(uploader, lang=lang).status_code for _ in range(3)] == [302, 302, 302]
    refused = upload(uploader, lang=lang)
    assert refused.status_code == 400
    assert errors(refused) == [translated(lang, "You have uploaded as many files for this request as we can take. "
                                                "Keep the file you sent, or start the request again.")]
    assert len(files_kept(app)) == 1  # the one sent last, which the journey keeps
    assert session.scalar(select(func.count()).select_from(Evidence)) == 1


def test_a_journey_takes_so_many_megabytes_and_no_more(app, uploader):
    app.config["EVIDENCE_MB_PER_DRAFT"] = 1
    assert upload(uploader, size=600_000).status_code == 302
    assert upload(uploader, size=600_000).status_code == 400
    assert len(files_kept(app)) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_uploads_so_many_megabytes_a_day(app, client, demo, session, tmp_path, time_machine, lang):
    time_machine.move_to(clock.utcnow(), tick=False)
    app.config.update(UPLOAD_FOLDER=str(tmp_path), EVIDENCE_MB_PER_PERSON=1)
    signed_in(client, eligible_persona(demo, KIND))
    complete_journey(client, KIND, lang)
    item = client.get(f"/{lang}/requests/new/{KIND}/item").doc.find(".//input[@name='item']").get("value")
    assert upload(client, size=700_000, lang=lang).status_code == 302
    send(client, KIND, lang)  # the file joined the request, and still counts for a day
    answer(client, KIND, "item", {"item": item}, lang)
    answer(client, KIND, "problem", {"problem": "broken"}, lang)
    refused = upload(client, size=700_000, lang=lang)
    assert errors(refused) == [translated(lang, "You have uploaded as many files today as we can take. "
                                                "Try again tomorrow: the answers you have given are kept.")]
    time_machine.shift(dt.timedelta(hours=25))
    signed_in(client, eligible_persona(demo, KIND))
    assert upload(client, size=700_000, lang=lang).status_code == 302


def test_files_that_never_joined_a_request_are_removed_after_a_day(app, client, demo, session, runner, tmp_path,
                                                                   time_machine):
    time_machine.move_to(clock.utcnow(), tick=False)
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    iin = eligible_persona(demo, KIND)
    signed_in(client, iin)
    complete_journey(client, KIND)
    send(client, KIND)  # this one joined a request
    sent = session.scalar(select(Evidence))
    item = client.get(f"/kk/requests/new/{KIND}/item").doc.find(".//input[@name='item']").get("value")
    answer(client, KIND, "item", {"item": item})
    answer(client, KIND, "problem", {"problem": "broken"})
    upload(client)
    answer(client, KIND, "note", {"note": ""})
    assert len(files_kept(app)) == 2

    time_machine.shift(dt.timedelta(hours=23))
    assert "0 files that never joined a request removed" in runner.invoke(args=["uploads", "sweep"]).output
    time_machine.shift(dt.timedelta(hours=2))
    assert "1 files that never joined a request removed" in runner.invoke(args=["uploads", "sweep"]).output
    assert [path.name for path in files_kept(app)] == [sent.stored_name]
    # The journey asks for the photo again rather than send a request without it.
    again = signed_in(app.test_client(), iin)
    assert again.get(f"/kk/requests/new/{KIND}/check").headers["Location"] == f"/kk/requests/new/{KIND}/evidence"


def test_starting_again_deletes_the_journeys_file(app, uploader):
    upload(uploader)
    url = f"/kk/requests/new/{KIND}/restart"
    uploader.post(url, data={"csrf_token": csrf_token(uploader, f"/kk/requests/new/{KIND}")})
    assert files_kept(app) == []


@pytest.mark.parametrize("lang", LANGS)
def test_uploads_are_rate_limited(app, uploader, lang):
    app.config.update(UPLOAD_LIMIT="3 per hour", EVIDENCE_FILES_PER_DRAFT=100)
    assert [upload(uploader, lang=lang).status_code for _ in range(3)] == [302, 302, 302]
    limited = upload(uploader, lang=lang)
    assert limited.status_code == 429
    assert "Retry-After" in limited.headers
    # Other answers of the journey are not uploads, and are not counted.
    assert answer(uploader, KIND, "problem", {"problem": "broken"}, lang).status_code == 302
