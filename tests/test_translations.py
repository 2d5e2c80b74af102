"""Both catalogues are complete: every string in the code and templates is translated into
Kazakh and Russian, nothing is empty or fuzzy, and placeholders survive translation."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2),
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def entries(lang: str):
    """(message, its translations as a tuple) for every entry but the header."""
    for message in catalogue(lang):
        if message.id:
            yield message, message.string if isinstance(message.string, tuple) else (message.string,)


def extracted() -> list[tuple[str, str]]:
    """(file, msgid) of every translatable string, extracted as `make translations` does."""
    method_map = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"trimmed": "true", "extensions": "jinja2.ext.do"}}
    return [(filename, message[0] if isinstance(message, tuple) else message)
            for filename, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords=KEYWORDS)]


def source_messages() -> set[str]:
    return {message for _, message in extracted()}


def test_every_template_with_text_is_read_by_the_extractor():
    # The extractor skips a template it cannot parse without a word; catch that here.
    files_with_messages = {filename for filename, _ in extracted()}
    with_text = {str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")
                 if "_(" in p.read_text() or "{% trans" in p.read_text()}
    assert with_text - files_with_messages == set()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_entry_is_empty_or_fuzzy(lang):
    problems = [message.id for message, strings in entries(lang)
                if message.fuzzy or not all(s.strip() for s in strings)]
    assert problems == [], f"{lang}: untranslated or fuzzy: {problems}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_string_in_the_source_is_in_the_catalogue(lang):
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue(lang) if m.id}
    missing = sorted(source_messages() - ids)
    assert missing == [], f"run `make translations` and translate: {missing}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_every_placeholder(lang):
    problems = []
    for message, strings in entries(lang):
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(source)):
                problems.append((message.id, string))
    assert problems == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_person_first_terms_only(lang):
    # The 2022 law replaced these words (DOMAIN.md §5.1); they must not come back.
    outdated = {"kk": re.compile(r"\bмүгедек(тер|тің|ке|ті|пен)?\b", re.I),
                "ru": re.compile(r"\b(инвалид(ы|ов|ам|ами|ах)?|ребён?ок-инвалид|дети-инвалиды)\b", re.I)}[lang]
    offending = [strings for _, strings in entries(lang) if outdated.search(" ".join(strings))]
    assert offending == []


# One name for one thing (issue #22, language review §7). A word that names two things, or two words
# for one, lets a person think there are two services, or take their own act for the office's.
@pytest.mark.parametrize("lang, outdated, why", [
    # Kazakh «аудармашы» alone is any translator; the entitlement is «ымдау тілі маманы».
    ("kk", re.compile(r"аудармашы", re.I), "the interpreter is «ымдау тілі маманы»"),
    # «кері қайтарылды» reads as "sent back by the office"; the person withdraws: «қайтарып алу».
    ("kk", re.compile(r"кері қайтар", re.I), "a request the person cancels is «қайтарып алу»"),
    # Russian: «сурдопереводчик» everywhere; «переводчик» alone is any translator.
    ("ru", re.compile(r"(?<!сурдо)переводчик|переводчик\w* жестового", re.I), "the interpreter is «сурдопереводчик»"),
    # «полномочие» in the singular («ваше полномочие одобрено», «в полномочии отказано») is legalese;
    # «разрешение (действовать от имени)». \b keeps «Уполномоченный по правам человека».
    ("ru", re.compile(r"\bполномочи(е|ем|и|я|й)\b", re.I), "a mandate is «разрешение (действовать от имени)»"),
    ("ru", re.compile(r"\bSMS\b"), "a text message is «СМС» in Russian"),
])
def test_one_term_for_one_thing(lang, outdated, why):
    offending = [strings for _, strings in entries(lang) if outdated.search(" ".join(strings))]
    assert offending == [], why


def test_a_russian_date_ends_a_sentence_with_its_own_full_stop():
    """A long date in Russian ends in «г.» («6 декабря 2026 г.»), whose full stop also ends the
    sentence: «до 6 декабря 2026 г..» is a typo."""
    offending = [strings for _, strings in entries("ru") if "%(date)s." in " ".join(strings)]
    assert offending == []
