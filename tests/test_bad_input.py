"""Bad input that crosses the areas (issue #10): an unknown language or a made-up reference in an
address, filters read from any address, forms sent without their token, and huge numbers in a
person's pages. How the examples run, and what the areas' own test_bad_input.py share:
tests/bad_input.py."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from tests.bad_input import LANGS, Visitor, examples, good_booking, heading, in_language, no_server_error, problems
from tests.bad_input import deaf_person  # noqa: F401 (fixtures)
from tests.conftest import csrf_token
from tests.pagecheck import translated
from tests.strategies import bad_text, huge_numbers, random_text, tampered_choice


TOP_LEVEL = {"kk", "ru", "api", "registry", "static", "healthz", "readyz"}


@given(prefix=st.sampled_from(["en", "xx", "KK", "Ru", "kz", "қаз", "рус", "kk-KZ", "ru_RU", "kk ", "%00", "..", "."])
       | random_text.filter(lambda text: text and text not in TOP_LEVEL),
       rest=st.sampled_from(["", "cabinet/", "login", "requests/new/sanatorium/check", "display"]),
       accept=st.sampled_from([None, "ru", "kk", "en", "ru-RU,ru;q=0.9,en;q=0.8", "*", "ru;q=x,,;", "zh"]))
@examples(40)
def test_an_unknown_language_prefix_is_a_page_not_found_in_kazakh_or_the_browsers_language(app, prefix, rest, accept):
    path = f"/{quote(prefix, safe='%')}/{rest}"
    response = Visitor(app).client().get(path, headers={"Accept-Language": accept} if accept else {})
    no_server_error(response)
    assert response.status_code == 404, path
    expected = (parse_accept_header(accept, LanguageAccept).best_match(LANGS) if accept else None) or "kk"
    assert response.doc.get("lang") == expected
    assert heading(response) == translated(expected, "Page not found")


REFERENCE_PAGES = ["requests/{}", "requests/{}/confirmation", "requests/{}/cancel", "cabinet/statements/{}",
                   "interpreters/bookings/{}", "interpreters/bookings/{}/cancel", "interpreters/bookings/{}.ics"]


@pytest.mark.parametrize("lang", LANGS)
@given(reference=bad_text.filter(lambda text: text and "/" not in text)
       | st.sampled_from(["KZ-2026-000001", "KZ-2026-" + "9" * 40, "SL-2026-000001", "QJ-0000-0000", "%00", "..",
                          "' OR '1'='1", "\x00", "KZ-2026-000001\x00"]),
       method=st.sampled_from(["get", "post"]))
@examples(15)
def test_a_made_up_reference_is_a_page_not_found(deaf_person, lang, reference, method):
    client = deaf_person.client()
    for page in REFERENCE_PAGES:
        url = f"/{lang}/" + page.format(quote(reference, safe=""))
        response = getattr(client, method)(url, data={"csrf_token": deaf_person.token} if method == "post" else None)
        no_server_error(response)
        assert response.status_code in (404, 405), url
        if response.status_code == 404:
            assert heading(response) == translated(lang, "Page not found")


@pytest.mark.parametrize("lang", LANGS)
@given(status=tampered_choice(["all", "provided"]), mode=tampered_choice(["in_person", "video"]))
@examples(10)
def test_the_programme_filter_and_free_times_read_any_address(deaf_person, lang, status, mode):
    client = deaf_person.client()
    for url in (f"/{lang}/cabinet/programme?" + urlencode({"status": status}, doseq=True),
                f"/{lang}/interpreters/free-times?" + urlencode({"mode": mode}, doseq=True)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.doc.find(".//*[@data-error-summary]") is None  # what it cannot read, it shows in full


POST_FORMS = {
    "anyone": ["login", "login/code", "display", "staff/login", "interpreter/login", "logout", "session/extend"],
    "person": ["requests/new/sanatorium/season", "requests/new/sanatorium/check", "requests/new/sanatorium/restart",
               "requests/KZ-2026-000001", "requests/KZ-2026-000001/cancel", "cabinet/statements", "account/tokens",
               "account/tokens/1/revoke", "mandates/ask", "mandates/1/approve", "acting-for", "interpreters/book",
               "interpreters/book/check", "interpreters/bookings/SL-2026-000001/cancel", "logout/everywhere"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", list(POST_FORMS))
@given(token=st.none() | bad_text | st.sampled_from(["", "null", "IjAi.aaaa.bbbb", "x" * 5000]),
       where=st.sampled_from(["form", "header", "both"]), data=st.data())
@examples(15)
def test_a_form_sent_without_its_token_gets_the_expired_form_page(app, deaf_person, lang, who, token, where, data):
    path = data.draw(st.sampled_from(POST_FORMS[who]), label="path")
    client = deaf_person.client() if who == "person" else Visitor(app).client()
    url = f"/{lang}/{path}"
    form, headers = {"season": "summer", "iin": "12"}, {}
    if token is not None and where in ("form", "both"):
        form["csrf_token"] = token
    if token is not None and where in ("header", "both") and token.isascii() and token.isprintable():
        headers["X-CSRFToken"] = token
    response = client.post(url, data=form, headers=headers)
    no_server_error(response)
    assert response.status_code == 400
    assert heading(response) == translated(lang, "This form has expired")
    assert response.doc.find(".//main//p/a").get("href") == url


def test_a_token_of_another_session_is_refused_too(app, deaf_person):
    stranger = Visitor(app).client()
    response = deaf_person.client().post("/ru/account/tokens", data={"name": "Телефон",
                                                                     "csrf_token": csrf_token(stranger, "/ru/login")})
    assert response.status_code == 400
    assert heading(response) == translated("ru", "This form has expired")


def page_numbers(client, lang: str, number: str) -> list:
    return [client.get(f"/{lang}/cabinet/who-looked?page={number}"),
            client.post(f"/{lang}/account/tokens/{number}/revoke"),
            client.post(f"/{lang}/mandates/{number}/approve")]


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_in_the_pages_of_a_person_are_refused_never_a_crash(deaf_person, lang, number):
    client = deaf_person.client()
    for response in page_numbers(client, lang, number):
        no_server_error(response)
    answers = {**good_booking(), "csrf_token": deaf_person.token}
    for field in ("minutes", "weeks", "interpreter"):
        response = client.post(f"/{lang}/interpreters/book", data={**answers, field: number})
        no_server_error(response)
        if response.status_code != 302:  # a valid number behind many zeros ("00…060") is still 60
            assert problems(response, lang) == [in_language(lang, "Not a valid choice.")], field
