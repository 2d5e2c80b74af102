"""Every service page starts with an easy-read summary (issue #8): right after the h1, a
section.easy-read of 2 to 5 short sentences, one sentence to an item. Checked in both languages
for every demo persona, for a parent handling their child's matters and for a visitor who has
not signed in, so that each branch of each summary is rendered."""

import babel.support
import flask_babel
import pytest

from portal.registry import registry
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import text_of

LANGS = ["kk", "ru"]
SIGNED_IN_PAGES = ["/{lang}/cabinet/", "/{lang}/cabinet/status", "/{lang}/cabinet/programme",
                   "/{lang}/cabinet/payments", "/{lang}/cabinet/messages", "/{lang}/requests/",
                   "/{lang}/interpreters/", "/{lang}/mandates", "/{lang}/account/tokens"]
PUBLIC_PAGES = ["/{lang}/", "/{lang}/rights", "/{lang}/verify"]
PAGES = SIGNED_IN_PAGES + PUBLIC_PAGES

# The writing rule is at most 12 words a sentence in English; Kazakh and Russian run a little
# longer or shorter, so the rendered text gets a little room. A missing translation renders the
# English msgid, which meets both limits.
ENGLISH_WORDS = 12
TRANSLATED_WORDS = 14


def easy_read_sentences(response, most_words: int) -> list[str]:
    """The summary's sentences, after checking where it stands and what it holds."""
    path = response.request.path
    assert response.status_code == 200, path
    main = response.doc.find(".//main")
    children = [el for el in main if isinstance(el.tag, str)]  # elements, not comments
    h1 = main.find("h1")
    assert h1 in children, f"{path}: the h1 is not a child of <main>"
    after = children[children.index(h1) + 1:]
    assert after, f"{path}: nothing follows the h1"
    summary = after[0]
    assert summary.tag == "section" and "easy-read" in (summary.get("class") or "").split(), \
        f"{path}: the h1 is followed by <{summary.tag} class={summary.get('class')!r}>, not the easy-read summary"
    title = summary.find("h2")
    assert title is not None and title.get("id") == "easy-read-title", path
    assert summary.get("aria-labelledby") == "easy-read-title", path
    sentences = [text_of(li) for li in summary.findall("ul/li")]
    assert 2 <= len(sentences) <= 5, f"{path}: {len(sentences)} sentences"
    for sentence in sentences:
        assert sentence, f"{path}: an empty item"
        assert len(sentence.split()) <= most_words, f"{path}: {len(sentence.split())} words in {sentence!r}"
    return sentences


def act_for(client, iin: str) -> None:
    response = client.post("/kk/acting-for", data={"subject": iin, "csrf_token": csrf_token(client, "/kk/acting-for")})
    assert response.status_code == 302


@pytest.fixture
def parent_and_child(demo):
    child = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] == "under_7")
    return demo[child]["legal_representative_iin"], child


def visitors(app, demo, parent_and_child):
    """(client, pages) for each way of seeing the pages: every persona on their own matters, a
    parent acting for their child, and someone not signed in (the public pages only)."""
    for iin in demo:
        yield signed_in(app.test_client(), iin), PAGES
    parent, child = parent_and_child
    acting = signed_in(app.test_client(), parent)
    act_for(acting, child)
    yield acting, PAGES
    yield app.test_client(), PUBLIC_PAGES


@pytest.mark.parametrize("lang", LANGS)
def test_each_service_page_starts_with_a_short_easy_read_summary(app, demo, parent_and_child, lang):
    for client, pages in visitors(app, demo, parent_and_child):
        for page in pages:
            easy_read_sentences(client.get(page.format(lang=lang)), TRANSLATED_WORDS)


def test_each_english_sentence_has_at_most_12_words_and_is_one_sentence(app, demo, parent_and_child, monkeypatch):
    # Without catalogues every string renders as its English msgid: the text the rule is about.
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: babel.support.NullTranslations())
    for client, pages in visitors(app, demo, parent_and_child):
        for page in pages:
            for sentence in easy_read_sentences(client.get(page.format(lang="kk")), ENGLISH_WORDS):
                assert sentence[0].isupper() and sentence.endswith("."), sentence
                assert ". " not in sentence, f"more than one sentence: {sentence!r}"


def test_a_parent_acting_for_their_child_is_told_whose_page_it_is(app, demo, parent_and_child, monkeypatch):
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: babel.support.NullTranslations())
    parent, child = parent_and_child
    client = signed_in(app.test_client(), parent)
    act_for(client, child)
    assert f"This page is about {registry().find_person(child).given_name}." in easy_read_sentences(
        client.get("/kk/cabinet/status"), ENGLISH_WORDS)
    # The inbox and the mandates are the parent's own: no banner says they are the child's.
    for own in ("/kk/cabinet/messages", "/kk/mandates"):
        assert 'class="acting-for"' not in client.get(own).get_data(as_text=True)
