"""Whole numbers typed by people or sent by programs, read the one way every form and API uses.

Python's int() refuses a text of more than 4,300 digits with a ValueError (a 500 if nobody catches
it), and below that limit it takes time quadratic in the length. No number the portal takes has
more than a few digits, so the length is checked before int() is ever called.
"""

from __future__ import annotations

# Longer than any number the portal takes (a database id has 10 digits), however many leading zeros.
MAX_DIGITS = 12


def whole_number(text, low: int, high: int) -> int | None:
    """The whole number `text` writes in ASCII digits, when it lies from low to high; None otherwise.
    Arabic-Indic or full-width digits, signs, spaces and decimals are not whole numbers here."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    significant = text.lstrip("0") or "0"
    if len(significant) > MAX_DIGITS:
        return None
    number = int(significant)
    return number if low <= number <= high else None


def choice_number(value) -> int | None:
    """The `coerce` of a select whose options are numbers (durations, weeks, an interpreter's id):
    a number sent that is not a whole number is no option, and the select says "Not a valid choice"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return whole_number(value, 0, 10**MAX_DIGITS)
