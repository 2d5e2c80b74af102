"""Text someone typed (a refusal's reason, the department's question, an interpreter's reason for
declining) goes last in a message, in a paragraph of its own with its label, and is left out when
empty: never mid-sentence, never "The reason:" with nothing after it (issue #22, words;
../shared/reviews/LANGUAGE.md §4, free text inserted mid-sentence)."""

import pytest
from flask_babel import force_locale, gettext

from portal.notify.texts import render
from tests.pagecheck import translated

LANGS = ["kk", "ru"]
REQUEST = {"reference": "KZ-2026-000123"}
BOOKING = {"reference": "SL-2026-000007", "what": "no_interpreter", "starts_at": "2026-12-01T10:00+05:00"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("status, label", [("rejected", "The reason: %(message)s"),
                                           ("more_info_needed", "The department asks: %(message)s")])
def test_what_the_department_wrote_is_the_last_paragraph(app, lang, status, label):
    with app.test_request_context(), force_locale(lang):
        body = render("request_status", REQUEST | {"status": status, "message": "Анықтама жоқ"}).body
        empty = render("request_status", REQUEST | {"status": status, "message": ""}).body
    first, last = body.split("\n\n")
    with force_locale(lang):
        assert last == gettext(label, message="Анықтама жоқ")
    assert empty == first and "\n" not in empty and not empty.rstrip().endswith(":")


@pytest.mark.parametrize("lang", LANGS)
def test_an_interpreter_s_reason_is_the_last_paragraph_and_left_out_when_empty(app, lang):
    with app.test_request_context(), force_locale(lang):
        with_reason = render("booking_no_interpreter", BOOKING | {"reason": "Ауырып қалдым"}).body
        without = render("booking_no_interpreter", BOOKING).body
    first, last = with_reason.split("\n\n")
    assert last == translated(lang, "The interpreter's reason: %(reason)s", reason="Ауырып қалдым")
    assert without == first
