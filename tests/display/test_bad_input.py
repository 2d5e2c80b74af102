"""Bad input on the display settings (issue #10). How the examples run: tests/bad_input.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input import LANGS, Visitor, checked, examples, first, no_server_error, problems
from tests.conftest import csrf_token
from tests.pagecheck import translated
from tests.strategies import bad_text, tampered_choice


DISPLAY_CHOICES = {"text": (["standard", "large", "largest"], "Choose a text size from the list"),
                   "colours": (["standard", "high", "dark"], "Choose colours from the list"),
                   "spacing": (["standard", "wide"], "Choose the spacing from the list")}


@pytest.mark.parametrize("lang", LANGS)
@given(sent=st.fixed_dictionaries({name: tampered_choice(values) for name, (values, _) in DISPLAY_CHOICES.items()}),
       back=st.none() | bad_text | st.sampled_from(["/kk/cabinet/", "//evil.example", "/ru/\x00", "javascript:alert(1)"]))
@examples(20)
def test_display_settings_explain_a_value_not_on_the_list_and_keep_the_others(app, lang, sent, back):
    client = Visitor(app).client()
    url = f"/{lang}/display"
    data = {**sent, "csrf_token": csrf_token(client, url), **({"next": back} if back is not None else {})}
    response = client.post(url, data=data)
    no_server_error(response)
    # A group not sent at all keeps the setting in force: standard, for a browser without the cookie.
    chosen = {name: "standard" if value == [] else first(value) for name, value in sent.items()}
    wrong = {name: message for name, (values, message) in DISPLAY_CHOICES.items() if chosen[name] not in values}
    if not wrong:
        assert response.status_code == 303
        assert response.headers["Location"].startswith(f"/{lang}/display?done=saved")
        return
    assert problems(response, lang) == [translated(lang, message) for message in wrong.values()]
    for name in DISPLAY_CHOICES.keys() - wrong.keys():
        assert checked(response, name) == [chosen[name]]
