"""The rights name the services outside the portal as links, in both languages (issue #23, point 4)."""

import pytest

from portal import handoffs
from tests.pagecheck import text_of


def test_a_text_keeps_its_words_escaped_and_links_only_the_services_it_names():
    text = handoffs.linked("Apply on egov.kz or aleumet.egov.kz, call 1414, not +7 701 1414 22 <b>.")
    assert str(text) == ('Apply on <a href="https://egov.kz">egov.kz</a> or aleumet.egov.kz, call '
                         '<a href="tel:1414">1414</a>, not +7 701 1414 22 &lt;b&gt;.')


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_rights_page_links_every_service_it_sends_people_to(client, lang):
    page = client.get(f"/{lang}/rights")
    links = {a.get("href"): text_of(a) for a in page.doc.findall(".//main//a")}
    for address in (handoffs.SOCIAL_SERVICES_PORTAL, handoffs.EGOV, handoffs.EOTINISH, "tel:1414"):
        assert address in links, address
