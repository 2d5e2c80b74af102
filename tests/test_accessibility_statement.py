"""The accessibility statement lists the problems that remain, each with the date its fix is
planned or "no date yet", in both languages, and writes Russian dates without a doubled dot
(issue #23, point 14)."""

import datetime as dt

import pytest
from flask_babel import force_locale, gettext

from portal import moments
from portal.pages import known_problems
from portal.pages.known_problems import KnownProblem
from portal.pages.routes import ACCESSIBILITY_STATEMENT_REVIEWED, ACCESSIBILITY_WALK_THROUGH
from tests.pagecheck import text_of

LANGS = ["kk", "ru"]


def listed(page) -> list[str]:
    return [text_of(li) for li in page.doc.findall(".//ul[@aria-labelledby='known-problems']/li")]


def in_page_words(lang, message, **values) -> str:
    """A message as the page shows it: text_of folds the narrow spaces Babel puts in dates."""
    with force_locale(lang):
        return " ".join(gettext(message, **{k: moments.date(v) if isinstance(v, dt.date) else v
                                            for k, v in values.items()}).split())


@pytest.mark.parametrize("lang", LANGS)
def test_each_known_problem_is_listed_with_its_planned_date_or_no_date(client, lang):
    items = listed(client.get(f"/{lang}/accessibility"))
    assert len(items) == len(known_problems.KNOWN_PROBLEMS)
    for item, known in zip(items, known_problems.KNOWN_PROBLEMS):
        with force_locale(lang):
            problem = str(known.problem)
        with force_locale("en"):  # no English catalogue: the message id
            assert problem != str(known.problem), item
        assert item.startswith(problem), item
        if known.planned:
            assert item.endswith(in_page_words(lang, "We plan to fix this by %(date)s.", date=known.planned))
        else:
            assert item.endswith(in_page_words(lang, "We do not have a date for the fix yet."))
    assert any(k.planned for k in known_problems.KNOWN_PROBLEMS)
    assert any(k.planned is None for k in known_problems.KNOWN_PROBLEMS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_is_the_data_so_an_update_shows_at_once(client, monkeypatch, lang):
    fixed_soon = KnownProblem(known_problems.KNOWN_PROBLEMS[0].problem, dt.date(2027, 3, 15))
    monkeypatch.setattr("portal.pages.routes.KNOWN_PROBLEMS", (fixed_soon,))
    items = listed(client.get(f"/{lang}/accessibility"))
    assert len(items) == 1
    assert in_page_words(lang, "We plan to fix this by %(date)s.", date=dt.date(2027, 3, 15)) in items[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_says_when_it_was_reviewed_and_walked_through(client, lang):
    page = " ".join(text_of(client.get(f"/{lang}/accessibility").doc.find(".//main")).split())
    assert in_page_words(lang, "It was last reviewed on %(date)s.", date=ACCESSIBILITY_STATEMENT_REVIEWED) in page
    with force_locale(lang):
        assert " ".join(moments.date(ACCESSIBILITY_WALK_THROUGH).split()) in page
    assert in_page_words(lang, "Problems we know of") in page
    # The standard, and the way to complain past us, in the page's language.
    assert "WCAG 2.2" in page and "eOtinish" in page and "1414" in page


def test_russian_dates_end_a_sentence_with_one_dot(client):
    page = text_of(client.get("/ru/accessibility").doc.find(".//main"))
    assert "г.." not in page and "г. ." not in page
    assert " г." in page  # there are dates on the page


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_can_reach_us_from_the_statement(client, lang):
    page = client.get(f"/{lang}/accessibility")
    hrefs = [a.get("href") for a in page.doc.findall(".//main//a")]
    assert any(h.startswith("mailto:") for h in hrefs) and any(h.startswith("tel:") for h in hrefs)
    assert any(h.startswith("sms:") for h in hrefs) and f"/{lang}/contacts" in hrefs
    assert "https://eotinish.kz" in hrefs and "tel:1414" in hrefs
