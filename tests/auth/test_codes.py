"""One-time codes: six digits, valid 5 minutes, stored hashed, at most 5 attempts, used once."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.auth import codes
from portal.auth.codes import Check
from portal.models import SignInCode
from portal.notify.sms import ConsoleSms
from portal.registry import registry
from tests.conftest import persona

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
SECRET = "testing-secret"


def issue(session, iin, sms, now=NOW):
    codes.issue_code(session, registry(), sms, iin=iin, secret_key=SECRET, now=now)
    return re.search(r"\b\d{6}\b", sms.sent[-1][1]).group() if sms.sent else None


def check(session, iin, code, now=NOW):
    return codes.check_code(session, iin=iin, code=code, secret_key=SECRET, now=now)


@pytest.fixture
def russian_speaker(demo):
    return persona(demo, lambda p: p["preferred_language"] == "ru" and p["phone"])


def test_code_goes_to_the_registry_phone_in_the_persons_language_and_is_stored_hashed(session, demo, russian_speaker):
    sms = ConsoleSms()
    code = issue(session, russian_speaker, sms)
    phone, text = sms.sent[0]
    assert phone == demo[russian_speaker]["phone"]
    assert code.isdigit() and len(code) == 6 and code in text
    assert text != codes.code_hash(SECRET, russian_speaker, code)
    stored = session.scalar(select(SignInCode))
    assert code not in stored.code_hash and stored.code_hash == codes.code_hash(SECRET, russian_speaker, code)


def test_the_right_code_signs_in_once(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    assert check(session, russian_speaker, code) is Check.OK
    assert check(session, russian_speaker, code) is Check.WRONG


def test_a_code_expires_after_5_minutes(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    assert check(session, russian_speaker, code, NOW + dt.timedelta(minutes=5)) is Check.EXPIRED
    fresh = issue(session, russian_speaker, ConsoleSms())
    assert check(session, russian_speaker, fresh, NOW + dt.timedelta(minutes=4, seconds=59)) is Check.OK


def test_five_wrong_attempts_lock_the_code_even_for_the_right_one(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    results = [check(session, russian_speaker, wrong) for _ in range(5)]
    assert results == [Check.WRONG] * 4 + [Check.LOCKED]
    assert check(session, russian_speaker, code) is Check.LOCKED


def test_a_new_code_replaces_the_earlier_one(session, demo, russian_speaker):
    sms = ConsoleSms()
    first = issue(session, russian_speaker, sms)
    second = issue(session, russian_speaker, sms)
    if first != second:
        assert check(session, russian_speaker, first) is Check.WRONG
    assert check(session, russian_speaker, second) is Check.OK


def test_nothing_is_sent_for_an_iin_not_in_the_registry_or_without_a_phone(session, demo):
    sms = ConsoleSms()
    no_phone = persona(demo, lambda p: not p["phone"])
    issue(session, no_phone, sms)
    issue(session, "061211600012", sms)
    assert sms.sent == []
    assert check(session, "061211600012", "123456") is Check.WRONG
