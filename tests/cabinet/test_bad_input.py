"""Bad input on the statement check (issue #10). How the examples run: tests/bad_input.py."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input import LANGS, Visitor, examples, first, no_server_error, problems, shown, value_of
from tests.pagecheck import translated
from tests.strategies import bad_text, maybe_duplicated


@pytest.mark.parametrize("lang", LANGS)
@given(reference=maybe_duplicated(bad_text | st.sampled_from(["QJ-7K4M-X2PA", "qj7k4mx2pa", "QJ-ӘӘӘӘ-ӘӘӘӘ", "QJ-٠٠٠٠-٠٠٠٠"])))
@examples(20)
def test_the_statement_check_explains_any_reference_it_cannot_find(app, lang, reference):
    response = Visitor(app).client().get(f"/{lang}/verify?" + urlencode({"reference": reference}, doseq=True))
    no_server_error(response)
    typed = first(reference) or ""
    message = ("Enter the reference printed on the statement" if not typed.strip()
               else "We found no statement with this reference. Check it and type it again")
    assert problems(response, lang) == [translated(lang, message)]
    assert value_of(response, "reference") == shown(typed)
