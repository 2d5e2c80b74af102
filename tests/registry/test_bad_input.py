"""Bad input sent to the registry API (issue #10): huge numbers in its addresses. How the examples
run: tests/bad_input.py."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given

from tests.bad_input import LANGS, Visitor, api_errors, examples, no_server_error
from tests.conftest import persona
from tests.strategies import huge_numbers


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_sent_to_the_registry_api_get_its_error_shape(app, demo, lang, number):
    app.config["REGISTRY_API_TOKENS"] = "tests:a-registry-token-for-the-bad-input-tests"
    headers = {"Authorization": "Bearer a-registry-token-for-the-bad-input-tests", "Accept-Language": lang}
    parent = persona(demo, lambda p: p["legal_representative_iin"])
    represented_by = demo[parent]["legal_representative_iin"]
    cursor = base64.urlsafe_b64encode(b"[" + number.encode() + b"]").decode().rstrip("=")
    client = Visitor(app).client()
    significant = number.lstrip("0")
    a_limit = len(significant) <= 3 and 1 <= int(significant or "0") <= 500  # "00…05" is a limit of 5
    for query in ([] if a_limit else [f"limit={number}"]) + [f"cursor={cursor}"]:
        response = client.get(f"/registry/v1/persons?represented_by={represented_by}&{query}", headers=headers)
        no_server_error(response)
        assert response.status_code == 400
        (error,) = api_errors(response, lang)
        assert error["field"] == query.split("=")[0]
