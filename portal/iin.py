"""The Individual Identification Number (ЖСН / ИИН) of a person in Kazakhstan.

Twelve digits laid out as YYMMDD C SSSS K: birth date, century and sex, serial, check digit.
The check digit follows Government decree No. 565 of 11.06.2003 (DOMAIN.md §4): weights
1..11, and when that sum mod 11 is 10, weights 3..11,1,2; a second 10 means the number is
never issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Seventh digit: century of birth and sex. Odd is male, even is female; 0 is not a person.
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIIN(ValueError):
    """The text is not a valid IIN of a person; `reason` is a code the caller can explain."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: dt.date
    sex: str  # "male" or "female"

    def __str__(self) -> str:
        return self.value


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no valid IIN has them."""
    digits = [int(c) for c in first_eleven]
    k = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS)) % 11
    if k == 10:
        k = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS)) % 11
        if k == 10:
            return None
    return k


def parse_iin(text: str) -> IIN:
    """Validate an IIN and derive the birth date and sex from it.

    Raises InvalidIIN with reason "format" (not 12 digits), "century" (7th digit not 1–6),
    "date" (no such birth date) or "check_digit".
    """
    value = (text or "").strip()
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise InvalidIIN("format")
    century_digit = int(value[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise InvalidIIN("century")
    year = CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth_date = dt.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIIN("date") from None
    if check_digit(value[:11]) != int(value[11]):
        raise InvalidIIN("check_digit")
    return IIN(value=value, birth_date=birth_date, sex="male" if century_digit % 2 else "female")


def is_valid_iin(text: str) -> bool:
    try:
        parse_iin(text)
    except InvalidIIN:
        return False
    return True


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def make_iin(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid IIN for a birth date, sex and serial; the next serial when one has no check digit.

    For demo data and test factories: real IINs are issued by the state, never made here.
    """
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    century_digit = base if sex == "male" else base + 1
    while True:
        first = f"{birth_date:%y%m%d}{century_digit}{serial % 10000:04d}"
        k = check_digit(first)
        if k is not None:
            return first + str(k)
        serial += 1
