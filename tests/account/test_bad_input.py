"""Bad input on the account's token pages (issue #10): naming and revoking a token, and JSON sent to
the page's form. How the examples run: tests/bad_input.py."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete

from portal.models import ApiToken
from tests.bad_input import (LANGS, examples, first, heading, malformed_json, no_server_error, problems, shown,
                             value_of, visitor)
from tests.bad_input import deaf_person  # noqa: F401 (fixtures)
from tests.conftest import signed_in
from tests.pagecheck import translated
from tests.strategies import bad_text, long_text, maybe_duplicated


@pytest.fixture
def token_maker(app, client, demo):
    signed_in(client, next(iter(demo)))
    return visitor(app, client, "/kk/account/tokens")


@pytest.mark.parametrize("lang", LANGS)
@given(name=maybe_duplicated(long_text(60) | bad_text))
@examples(15)
def test_naming_a_token_explains_a_bad_name(session, token_maker, lang, name):
    session.execute(delete(ApiToken))  # no example meets the limit of 10 tokens the earlier ones made
    session.commit()
    response = token_maker.client().post(f"/{lang}/account/tokens", data={"name": name, "csrf_token": token_maker.token})
    no_server_error(response)
    typed = (first(name) or "").strip()
    if not typed:
        assert problems(response, lang) == [translated(lang, "Enter a name for the token, for example “Phone app”")]
    elif len(typed) > 60:
        assert problems(response, lang) == [translated(lang, "Write a name of no more than 60 characters")]
        assert value_of(response, "name") == shown(typed)
    else:  # made, and its secret shown once on the answer (never kept in the cookie)
        assert response.status_code == 200
        assert response.doc.find(".//code[@id='new-token']") is not None


@pytest.mark.parametrize("lang", LANGS)
@given(token_id=st.integers(-10**30, 10**30).map(str) | st.sampled_from(["abc", "1.0", "0x1", "١", "%00", "2147483648"]))
@examples(12)
def test_revoking_a_token_that_is_not_yours_is_a_page_not_found(token_maker, lang, token_id):
    response = token_maker.client().post(f"/{lang}/account/tokens/{quote(token_id, safe='')}/revoke",
                                         data={"csrf_token": token_maker.token})
    no_server_error(response)
    assert response.status_code == 404
    assert heading(response) == translated(lang, "Page not found")


@pytest.mark.parametrize("lang", LANGS)
@given(body=malformed_json)
@examples(10)
def test_json_sent_to_a_page_form_is_read_as_an_empty_form(deaf_person, lang, body):
    # A page's forms read what a browser sends: JSON, even with a valid token in the header, fills nothing.
    response = deaf_person.client().post(f"/{lang}/account/tokens", data=body, content_type="application/json",
                                         headers={"X-CSRFToken": deaf_person.token})
    no_server_error(response)
    assert problems(response, lang) == [translated(lang, "Enter a name for the token, for example “Phone app”")]
