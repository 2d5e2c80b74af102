"""A sanatorium voucher already given under the current programme cannot be asked for again
(issue #22, rule 10). The demo's Павленко had his this year."""

import pytest

from portal import clock
from portal.demo.personas import SERGEY
from portal.registry import registry
from portal.requests.kinds import KINDS
from tests.conftest import signed_in
from tests.pagecheck import main_text, translated


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_voucher_given_is_not_asked_for_again(app, demo, lang):
    assert KINDS["sanatorium"].eligibility(registry().person_file(SERGEY), clock.today()).reason == "voucher_given"
    page = main_text(signed_in(app.test_client(), SERGEY).get(f"/{lang}/requests/new/sanatorium"))
    assert translated(lang, "The sanatorium voucher of your current programme has already been given, so it cannot "
                            "be asked for again. A new programme can include another one.") in page
