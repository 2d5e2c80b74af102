"""Hypothesis strategies for bad input: what people mistype and paste, and what a script or a page
changed in the browser sends (tests/test_bad_input.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from portal.iin import make_iin

# Any character a browser can send: all of Unicode but lone surrogates, which UTF-8 cannot encode.
SENDABLE = st.characters(exclude_categories=("Cs",))
# Characters that trip input handling up: controls (NUL, ESC, the vertical tab of a line break
# pasted from Word, NEL), a bidi override, a zero-width space, a byte-order mark, noncharacters,
# and what HTML, SQL and URLs treat specially.
AWKWARD = ["\x00", "\x1b", "\x0b", "\x0c", "\x7f", "\x85", "\u202e", "\u200b", "\ufeff", "\ufffe", "\U0010ffff",
           "\t", "\r\n", "\r", "\n", " ", "\u00a0", "<", ">", "&", '"', "'", "%", "\\", "/", ";", "--"]
SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "kazakh": "әғқңөұүһіӘҒҚҢӨҰҮҺІ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "emoji": "😀🦽♿🧏👩‍🦯🇰🇿",
    # ASCII, Arabic-Indic, Devanagari and full-width digits: all of them str.isdigit().
    "digits": "0123456789٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９",
}

random_text = st.text(SENDABLE, max_size=40)
awkward_text = st.lists(st.sampled_from(AWKWARD) | SENDABLE, max_size=20).map("".join)
wrong_script = st.sampled_from(list(SCRIPTS.values())).flatmap(lambda alphabet: st.text(alphabet, min_size=1, max_size=40))


def repeated(chunk: str, length: int) -> str:
    return (chunk * (length // len(chunk) + 1))[:length]


def oversized(min_size: int = 10_000, max_size: int = 100_000) -> st.SearchStrategy[str]:
    """A document pasted into a field: 10,000 to 100,000 characters of one script, or of anything."""
    chunks = wrong_script | st.text(SENDABLE, min_size=1, max_size=8)
    return st.builds(repeated, chunks, st.integers(min_size, max_size))


def long_text(limit: int) -> st.SearchStrategy[str]:
    """Text just over, at and under a field's limit, and far over it."""
    return st.builds(repeated, wrong_script | awkward_text.filter(bool), st.integers(limit - 2, limit + 2)) | oversized()


bad_text = st.one_of(random_text, awkward_text, wrong_script, oversized())


# Identity numbers ----------------------------------------------------------------------------------

valid_iins = st.builds(make_iin, st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
                       st.sampled_from(["male", "female"]), st.integers(0, 9999))


def one_digit_changed(iin: str) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, 11), st.sampled_from("0123456789")).map(
        lambda change: iin[:change[0]] + change[1] + iin[change[0] + 1:])


iins = st.one_of(
    valid_iins,
    valid_iins.flatmap(one_digit_changed),  # a typo: mostly a wrong check digit or date
    valid_iins.map(lambda iin: f"{iin[:6]} {iin[6:]}"),  # typed with a space, or a dash
    valid_iins.map(lambda iin: f"{iin[:4]}-{iin[4:8]}-{iin[8:]}"),
    st.text("0123456789", max_size=20).filter(lambda digits: len(digits) != 12),  # too short or long
    st.text(SCRIPTS["digits"], min_size=12, max_size=12),  # digits of another script
    bad_text,
)


# Dates, phones, numbers ----------------------------------------------------------------------------

IMPOSSIBLE_DATES = ["2026-02-30", "30.02.2027", "29.02.2027", "31.04.2027", "00.00.0000", "99999-01-01",
                    "01.01.99999", "31.12.9999", "01.01.0001", "2026-13-01", "+2026-01-01", "1.1.1", "15/12/2026",
                    "yesterday", "tomorrow", "ертең", "завтра", "15 декабря 2026", "١٥.١٢.٢٠٢٦", "１５.１２.２０２６"]
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%m/%d/%Y", "%d %B %Y"]
dates = st.one_of(
    st.sampled_from(IMPOSSIBLE_DATES),
    st.builds(lambda day, pattern: day.strftime(pattern), st.dates(), st.sampled_from(DATE_FORMATS)),
    bad_text,
)

phones = st.one_of(
    st.from_regex(r"\A(\+7|8|7|\+77)?[ -]?\(?7\d{2}\)?[ -]?\d{3}[ -]?\d{2}[ -]?\d{2,3}\Z"),
    st.text("0123456789+-() abcабвәі", max_size=20),  # letters among the digits
    st.text(SCRIPTS["digits"] + "+", min_size=10, max_size=14),
    bad_text,
)

# Numbers longer than any the portal takes: past the 4,300 digits Python's int() reads at all, far
# past a database column, and a small number behind thousands of zeros (issue #18, point 12).
huge_numbers = st.one_of(
    st.integers(4_301, 6_000).map(lambda length: "9" * length),
    st.integers(11, 4_300).map(lambda length: "1" + "0" * (length - 1)),
    st.integers(2**31, 10**40).map(str),
    st.builds(lambda zeros, digit: "0" * zeros + digit, st.integers(13, 6_000), st.sampled_from("12345678")),
)

numbers = st.one_of(
    huge_numbers,
    st.integers(-10**20, 10**20).map(str),
    st.sampled_from(["1.5", "2,5", "1e3", "0x8", "8 ", " 8", "08", "٨", "８", "eight", "сегіз", "∞", "NaN", "-0"]),
    bad_text,
)


# Choices -----------------------------------------------------------------------------------------

def tampered_choice(valid: list[str]) -> st.SearchStrategy:
    """What a changed page sends for a radio group or select: another value, several, or none."""
    value = st.sampled_from(valid) | random_text | awkward_text | st.integers(-10**20, 10**20).map(str) | huge_numbers
    return st.one_of(value, st.lists(value, min_size=2, max_size=4), st.just([]))


def maybe_duplicated(values: st.SearchStrategy) -> st.SearchStrategy:
    """A field's value, or the same field sent two or three times (a changed page, a script)."""
    return values | st.lists(values, min_size=2, max_size=3)
