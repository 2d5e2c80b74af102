import datetime as dt

import pytest

from portal.iin import InvalidIIN, check_digit, is_valid_iin, make_iin, parse_iin


def test_valid_iin_gives_birth_date_and_sex():
    iin = parse_iin("920809410432")
    assert iin.birth_date == dt.date(1992, 8, 9)
    assert iin.sex == "female"


def test_second_weight_set_is_used_when_the_first_gives_ten():
    # DOMAIN.md §4.3: the first sum is 87 (mod 11 = 10), the second 112 (mod 11 = 2).
    iin = parse_iin("061211600012")
    assert iin.birth_date == dt.date(2006, 12, 11)
    assert iin.sex == "female"


def test_wrong_check_digit_is_rejected():
    # The docstring example of FakerPHP: its check digit should be 8 (DOMAIN.md §4.3).
    with pytest.raises(InvalidIIN) as error:
        parse_iin("780322300455")
    assert error.value.reason == "check_digit"
    assert is_valid_iin("780322300458")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("92080941043", "format"),
        ("9208094104321", "format"),
        ("92080941043a", "format"),
        ("", "format"),
        ("９２０８０９４１０４３２", "format"),  # full-width digits are not ASCII digits
        ("920809010432", "century"),  # 0 in the 7th digit is a business identifier
        ("920809710432", "century"),
        ("921309410432", "date"),  # month 13
        ("920230410432", "date"),  # 30 February
        ("010229510432", "date"),  # 29 February 2001 is not a leap day
    ],
)
def test_bad_iins_say_why(text, reason):
    with pytest.raises(InvalidIIN) as error:
        parse_iin(text)
    assert error.value.reason == reason


def test_leap_day_of_a_leap_year_is_a_birth_date():
    iin = make_iin(dt.date(2000, 2, 29), "male", 1)
    assert parse_iin(iin).birth_date == dt.date(2000, 2, 29)


def test_serial_whose_both_sums_give_ten_is_never_issued():
    # Search the serials of one birth date for those with no check digit.
    unusable = [s for s in range(10000) if check_digit(f"8501014{s:04d}") is None]
    assert unusable, "some serials have no check digit"
    made = make_iin(dt.date(1985, 1, 1), "female", unusable[0])
    assert made[7:11] != f"{unusable[0]:04d}"
    assert is_valid_iin(made)


@pytest.mark.parametrize(
    ("birth_date", "sex", "digit"),
    [(dt.date(1899, 5, 1), "male", "1"), (dt.date(1950, 5, 1), "female", "4"), (dt.date(2015, 5, 1), "male", "5")],
)
def test_made_iins_encode_century_and_sex(birth_date, sex, digit):
    iin = make_iin(birth_date, sex, 42)
    assert iin[6] == digit
    parsed = parse_iin(iin)
    assert (parsed.birth_date, parsed.sex) == (birth_date, sex)
