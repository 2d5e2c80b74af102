"""The individual assistant follows the programme, with its legal condition shown (issue #22, rule 3:
Social Code Art. 163 p.2), and home social services reach children who need care, adults who need
it and live alone, and otherwise say that the department assesses (rule 5; DOMAIN.md §1.19).
The demo's Оспанов (group I, wheelchair, an assistant in his programme, needs care, lives with his
family) and Ахметова (group II, home social services, lives alone) show them."""

import pytest

from portal.demo.personas import DAULET
from tests.conftest import signed_in
from tests.pagecheck import main_text, translated

LANGS = ["kk", "ru"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_status_page_shows_the_difficulty_moving_finding_and_what_it_means(app, demo, lang):
    page = main_text(signed_in(app.test_client(), DAULET).get(f"/{lang}/cabinet/status"))
    assert translated(lang, "Difficulty moving") in page
    assert translated(lang, "The examination found difficulty moving. With group I, this is the "
                            "condition for an individual assistant in the programme.") in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_assistant_is_shown_as_the_programmes_with_the_laws_condition(app, demo, lang):
    page = main_text(signed_in(app.test_client(), DAULET).get(f"/{lang}/cabinet/"))
    assert translated(lang, "The rehabilitation programme includes one. The law gives an individual assistant to "
                            "persons with disability group I who have difficulty moving.") in page


@pytest.mark.parametrize("lang", LANGS)
def test_an_adult_who_needs_care_but_does_not_live_alone_is_told_the_department_assesses(app, demo, lang):
    page = main_text(signed_in(app.test_client(), DAULET).get(f"/{lang}/cabinet/"))
    assert translated(lang, "This may apply: care from another person is needed every day, and the department "
                            "assesses the needs to decide.") in page
