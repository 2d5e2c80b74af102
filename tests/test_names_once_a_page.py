"""The programme's and the department's full names are given once a page, and the short forms
after them («оңалту бағдарламасы», «бөлім» / «программа реабилитации», «отдел»): issue #22, words;
../shared/reviews/LANGUAGE.md §3 (the full department name is what makes sentences long) and the
table of terms (the programme: full name once per page, then the short form)."""

import re

import pytest

from portal.requests.kinds import KINDS
from tests.conftest import signed_in
from tests.pagecheck import main_text

PAGES = ["cabinet/", "cabinet/programme", "rights", "interpreters/", "account/contact"] + [f"requests/new/{kind}" for kind in KINDS]
FULL_PROGRAMME = {"kk": r"абилитациялау мен оңалтудың жеке бағдарлама", "ru": r"индивидуальн\w+ программ\w+ абилитации"}
SHORT_PROGRAMME = {"kk": r"оңалту бағдарлама", "ru": r"программ\w+ реабилитации"}
FULL_DEPARTMENT = {"kk": r"жұмыспен қамту және әлеуметтік бағдарламалар бөлім",
                   "ru": r"отдел\w* занятости и социальных программ"}
SHORT_DEPARTMENT = {"kk": r"\bбөлім(?!ше)", "ru": r"\bотдел"}


def count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_each_full_name_once_a_page_then_the_short_one(app, demo, lang):
    checked = 0
    for iin in (i for i, record in demo.items() if record["decisions"]):
        client = signed_in(app.test_client(), iin)
        for page in PAGES:
            response = client.get(f"/{lang}/{page}")
            if response.status_code != 200:
                continue  # a journey this person may not start
            text = main_text(response).lower()
            for full, short in ((FULL_PROGRAMME, SHORT_PROGRAMME), (FULL_DEPARTMENT, SHORT_DEPARTMENT)):
                named = count(full[lang], text)
                assert named <= 1, (iin, page, full[lang], named)
                # The short form only after the full one: any mention at all means the full name is there.
                assert named == 1 or not count(short[lang], text), (iin, page, short[lang])
            checked += 1
    assert checked > 100
