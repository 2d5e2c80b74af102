"""An interpreter is offered only when they know the person's sign language and the language spoken
at the meeting (issue #22, rule 2; DOMAIN.md §1.14: Kazakh and Russian sign languages are
different languages). The demo's Almaty interpreters: Айжан knows both sign languages and both
spoken ones, Дмитрий only Russian sign language and Russian."""

import pytest
from sqlalchemy import select

from portal.account import tokens
from portal.bookings import services
from portal.interpreters.services import decline
from portal.models import Booking, Interpreter
from portal.registry import registry
from tests.bookings.test_pages import confirm, errors, fill
from tests.bookings.test_services import MONDAY, NOW, aizhan, deaf  # noqa: F401 (fixtures)
from tests.bad_input import next_weekday
from tests.conftest import interpreter_client, signed_in
from tests.pagecheck import main_text, translated

KAZAKH = dict(sign_language="kazakh_sign", spoken_language="kazakh")


def book(session, file, **kwargs):
    return services.book(session, file=file, booked_by_iin=file.person.iin, mode="in_person", purpose="hospital",
                         address="Алматы, Абай 10", notes=None, starts_at=MONDAY, minutes=60, now=NOW,
                         **{**KAZAKH, **kwargs})


@pytest.fixture
def dmitry(session, deaf):  # noqa: F811
    return session.scalar(select(Interpreter).where(Interpreter.username == "dmitry.pak"))


def test_a_meeting_in_kazakh_goes_only_to_an_interpreter_who_knows_kazakh(session, deaf, aizhan):  # noqa: F811
    first = book(session, deaf)[0]
    assert (first.interpreter_id, first.sign_language, first.spoken_language) == (aizhan.id, "kazakh_sign", "kazakh")
    with pytest.raises(services.BookingError) as refused:
        book(session, deaf)  # Айжан is held; Дмитрий is free but knows no Kazakh
    assert refused.value.code == "no_one_free"


def test_kazakh_sign_language_with_russian_speech_needs_both(session, deaf, aizhan, dmitry):  # noqa: F811
    booking = book(session, deaf, spoken_language="russian")[0]
    assert booking.interpreter_id == aizhan.id
    assert not services.knows(dmitry, "kazakh_sign", "russian") and services.knows(dmitry, "russian_sign", "russian")


def test_choosing_an_interpreter_who_does_not_know_the_languages_is_explained(session, deaf, dmitry):  # noqa: F811
    with pytest.raises(services.BookingError) as refused:
        book(session, deaf, preferred_id=dmitry.id)
    assert refused.value.code == "languages"
    assert session.scalar(select(Booking)) is None


def test_a_declined_booking_goes_only_to_someone_who_knows_its_languages(session, deaf, aizhan):  # noqa: F811
    booking = book(session, deaf)[0]
    decline(session, registry(), booking, aizhan, reason="Ауырып қалдым.")
    assert (booking.status, booking.interpreter_id) == ("no_interpreter", None)  # not Дмитрий


def test_the_person_s_own_language_is_chosen_first(client, deaf):  # noqa: F811
    signed_in(client, deaf.person.iin)
    page = client.get("/ru/interpreters/book")
    chosen = {i.get("name"): i.get("value") for i in page.doc.findall(".//input[@type='radio']")
              if i.get("checked") is not None}
    assert deaf.person.preferred_language == "kk"
    assert (chosen["sign_language"], chosen["spoken_language"]) == ("kazakh_sign", "kazakh")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_page_the_check_and_the_interpreter_name_the_languages(app, client, session, deaf, dmitry, lang):  # noqa: F811
    signed_in(client, deaf.person.iin)
    refused = fill(client, lang, interpreter=str(dmitry.id))
    assert refused.status_code == 302  # the form is fine; the check page sends it
    confirmed = confirm(client, lang)
    assert errors(confirmed) == [translated(lang, "The interpreter you chose does not know these languages. Choose "
                                                  "anyone who is free, or another interpreter")]
    fill(client, lang, sign_language="russian_sign", spoken_language="kazakh")
    check = main_text(client.get(f"/{lang}/interpreters/book/check"))
    assert translated(lang, "Russian sign language") in check and translated(lang, "Spoken Kazakh") in check
    confirm(client, lang)
    booking = session.scalar(select(Booking))
    dashboard = main_text(interpreter_client(app, booking.interpreter.username).get(f"/{lang}/interpreter/"))
    assert translated(lang, "Sign language: %(language)s", language=translated(lang, "Russian sign language")) \
        in dashboard


def test_the_api_takes_and_gives_the_languages(client, session, deaf, dmitry):  # noqa: F811
    _, secret = tokens.create(session, iin=deaf.person.iin, name="Test")
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"mode": "in_person", "day": next_weekday().strftime("%d.%m.%Y"), "time": "10:00", "minutes": 60,
            "purpose": "hospital", "address": "Алматы, Абай 10", "interpreter": dmitry.id}
    refused = client.post("/api/v1/bookings", headers=headers, json=body)
    assert (refused.status_code, refused.get_json()["errors"][0]["code"]) == (409, "languages")
    made = client.post("/api/v1/bookings", headers=headers,
                       json={**body, "sign_language": "russian_sign", "spoken_language": "russian"})
    assert made.status_code == 201, made.get_json()
    item = made.get_json()["items"][0]
    assert (item["sign_language"], item["spoken_language"]) == ("russian_sign", "russian")
