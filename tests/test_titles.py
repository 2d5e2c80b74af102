"""Every title says where the person is (issue #23, point 13): a question page names its service
("Which item is it for? – Replacement of an aid – Qoljetimdi"), a paged list its page, and no two
different pages share a title. Pages are found as a person finds them: by following the links,
from the first page after sign-in, and each journey's questions."""

from __future__ import annotations

from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest

from portal import clock
from portal.demo.personas import DAULET
from portal.registry import registry
from portal.requests.kinds import KINDS
from tests.conftest import signed_in
from tests.pagecheck import text_of

LANGS = ["kk", "ru"]
NOT_PAGES = ("/static/", "/api/", "/registry/", ".ics", "/signed-out", "/logout")


def place(url: str) -> str:
    """Where a link goes, as a person would tell pages apart: the path, and the page of a paged
    list beyond the first (a filter shows the same page, narrowed)."""
    parts = urlsplit(url)
    number = dict(parse_qsl(parts.query)).get("page", "1")
    return parts.path if number == "1" else f"{parts.path}?page={number}"


def titles_from(client, starts: list[str]) -> dict[str, set[str]]:
    """{title: the places that have it} of every page reached from `starts` by following links."""
    seen, queue, titles = set(), deque(starts), {}
    while queue:
        url = queue.popleft()
        if place(url) in seen or any(part in url for part in NOT_PAGES):
            continue
        seen.add(place(url))
        response = client.get(url)
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            continue
        titles.setdefault(" ".join(text_of(response.doc.find(".//title")).split()), set()).add(place(url))
        lang = url.split("/")[1]
        for link in response.doc.iter("a"):
            href = link.get("href") or ""
            if href.startswith(f"/{lang}/"):
                queue.append(href.split("#")[0])
    return titles


@pytest.mark.parametrize("lang", LANGS)
def test_no_two_pages_share_a_title(app, demo, lang):
    client = signed_in(app.test_client(), DAULET)
    file = registry().person_file(DAULET)
    questions = [f"/{lang}/requests/new/{code}/{q}" for code, kind in KINDS.items()
                 for q in kind.questions_for(file, clock.today())]
    titles = titles_from(client, [f"/{lang}/cabinet/", f"/{lang}/requests/", *questions])
    assert len(titles) > 20
    shared = {title: places for title, places in titles.items() if len(places) > 1}
    assert shared == {}


@pytest.mark.parametrize("lang", LANGS)
def test_a_question_page_names_its_service(app, demo, lang):
    client = signed_in(app.test_client(), DAULET)
    page = client.get(f"/{lang}/requests/new/aid_replacement/item")
    title = text_of(page.doc.find(".//title"))
    assert title.count(" – ") == 2 and title.split(" – ")[1] == text_of(page.doc.find(".//main//p"))
