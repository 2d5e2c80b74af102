"""One-time codes: six digits, valid 5 minutes, stored hashed, used once; a cooldown and an hourly
cap per IIN; wrong codes counted per address and IIN, never on the code."""

import datetime as dt
import json
import logging
import re

import pytest
from limits.storage import MemoryStorage
from sqlalchemy import func, select

from portal.auth import codes
from portal.auth.codes import Check
from portal.auth.guesses import WrongCodes, iin_digest
from portal.models import SignInCode
from portal.notify.sms import ConsoleSms
from portal.registry import registry
from tests.conftest import persona

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
SECRET = "testing-secret"
LIMITS = codes.CodeLimits(cooldown=dt.timedelta(seconds=60), per_hour=10, per_address_per_hour=3)
OWNERS_ADDRESS, STRANGERS_ADDRESS = "owner-digest", "stranger-digest"


def issue(session, iin, sms, now=NOW, asked_from=OWNERS_ADDRESS, limits=LIMITS):
    sent_before = len(sms.sent)
    codes.issue_code(session, registry(), sms, iin=iin, asked_from=asked_from, secret_key=SECRET, now=now,
                     limits=limits)
    return re.search(r"\b\d{6}\b", sms.sent[-1][1]).group() if len(sms.sent) > sent_before else None


def check(session, iin, code, now=NOW, asked_at=NOW, wrong=None):
    wrong = wrong or WrongCodes(MemoryStorage(), "192.0.2.1", iin_digest(SECRET, iin))
    return codes.check_code(session, wrong, iin=iin, code=code, asked_at=asked_at, secret_key=SECRET, now=now)


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.fixture
def russian_speaker(demo):
    return persona(demo, lambda p: p["preferred_language"] == "ru" and p["phone"])


def test_code_goes_to_the_registry_phone_in_the_persons_language_and_is_stored_hashed(session, demo, russian_speaker):
    sms = ConsoleSms()
    code = issue(session, russian_speaker, sms)
    phone, text = sms.sent[0]
    assert phone == demo[russian_speaker]["phone"]
    assert code.isdigit() and len(code) == 6 and code in text
    stored = session.scalar(select(SignInCode))
    assert code not in stored.code_hash and stored.code_hash == codes.code_hash(SECRET, russian_speaker, code)


@pytest.mark.parametrize("language, never_to_anyone, not_even_to_staff", [
    ("kk", "ешкімге", "қызметкерге де айтпаңыз"),
    ("ru", "никому не говорите", "даже сотрудникам"),
])
def test_the_code_says_never_to_give_it_to_anyone_not_even_to_staff(session, demo, language, never_to_anyone,
                                                                      not_even_to_staff):
    # Someone posing as staff asking for the code is the fraud this sentence stops; the Kazakh text
    # had dropped "including staff" (issue #22, language review §1.4). One SMS of 70 Cyrillic characters.
    person = persona(demo, lambda p: p["preferred_language"] == language and p["phone"])
    sms = ConsoleSms()
    code = issue(session, person, sms)
    text = sms.sent[0][1]
    assert code in text and never_to_anyone in text.lower() and not_even_to_staff in text.lower()
    assert len(text) <= 70


def test_the_right_code_signs_in_once(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    assert check(session, russian_speaker, code) is Check.OK
    assert check(session, russian_speaker, code) is Check.WRONG


def test_a_code_expires_after_5_minutes(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    assert check(session, russian_speaker, code, NOW + dt.timedelta(minutes=5)) is Check.EXPIRED
    assert check(session, russian_speaker, code, NOW + dt.timedelta(minutes=4, seconds=59)) is Check.OK


def test_five_wrong_codes_from_one_address_lock_even_the_right_one(session, demo, russian_speaker):
    code = issue(session, russian_speaker, ConsoleSms())
    wrong = WrongCodes(MemoryStorage(), "192.0.2.1", iin_digest(SECRET, russian_speaker))
    results = [check(session, russian_speaker, other_than(code), wrong=wrong) for _ in range(5)]
    assert results == [Check.WRONG] * 4 + [Check.LOCKED]
    assert check(session, russian_speaker, code, wrong=wrong) is Check.LOCKED


def test_a_strangers_wrong_codes_do_not_lock_the_owner_out(session, demo, russian_speaker):
    storage = MemoryStorage()
    code = issue(session, russian_speaker, ConsoleSms())
    stranger = WrongCodes(storage, "198.51.100.7", iin_digest(SECRET, russian_speaker))
    assert [check(session, russian_speaker, other_than(code), wrong=stranger) for _ in range(6)][-1] is Check.LOCKED
    owner = WrongCodes(storage, "192.0.2.1", iin_digest(SECRET, russian_speaker))
    assert check(session, russian_speaker, code, wrong=owner) is Check.OK


def test_the_same_steps_for_an_unregistered_iin(session, demo, russian_speaker):
    """Up to the 5th wrong code and past the code's 5 minutes, an IIN nobody has answers as the
    owner's does to a stranger, who does not have the code."""
    unknown = "061211600012"
    for iin in (russian_speaker, unknown):
        issue(session, iin, ConsoleSms())
        wrong = WrongCodes(MemoryStorage(), "192.0.2.1", iin_digest(SECRET, iin))
        answers = [check(session, iin, "000000", wrong=wrong) for _ in range(6)]
        assert answers == [Check.WRONG] * 4 + [Check.LOCKED] * 2, iin
        assert check(session, iin, "000000", NOW + dt.timedelta(minutes=5)) is Check.EXPIRED


def test_asking_again_does_not_cancel_a_code_still_valid(session, demo, russian_speaker):
    sms = ConsoleSms()
    first = issue(session, russian_speaker, sms)
    second = issue(session, russian_speaker, sms, NOW + dt.timedelta(minutes=2))
    later = NOW + dt.timedelta(minutes=3)
    assert second is not None
    assert check(session, russian_speaker, first, later, asked_at=later) is Check.OK
    # A code used signs in once, and ends the others sent before it.
    assert check(session, russian_speaker, second, later, asked_at=later) is Check.WRONG


def test_no_new_code_within_the_cooldown(session, demo, russian_speaker, caplog):
    sms = ConsoleSms()
    first = issue(session, russian_speaker, sms)
    with caplog.at_level(logging.WARNING, logger="portal.limits"):
        assert issue(session, russian_speaker, sms, NOW + dt.timedelta(seconds=59)) is None
    assert len(sms.sent) == 1
    assert check(session, russian_speaker, first, NOW + dt.timedelta(seconds=59)) is Check.OK
    assert issue(session, russian_speaker, sms, NOW + dt.timedelta(seconds=60)) is not None
    assert limit_lines(caplog) == [{"event": "limit_reached", "limit": "sign_in_code_cooldown",
                                    "iin": iin_digest(SECRET, russian_speaker), "address": OWNERS_ADDRESS}]


def test_at_most_the_hourly_number_of_codes_go_to_one_iin(session, demo, russian_speaker, caplog):
    sms = ConsoleSms()
    many_addresses = codes.CodeLimits(cooldown=dt.timedelta(seconds=60), per_hour=5, per_address_per_hour=5)
    with caplog.at_level(logging.WARNING, logger="portal.limits"):
        for minute in range(0, 60, 2):
            issue(session, russian_speaker, sms, NOW + dt.timedelta(minutes=minute), asked_from=f"address-{minute}",
                  limits=many_addresses)
    assert len(sms.sent) == 5
    assert session.scalar(select(func.count()).select_from(SignInCode)) == 5
    assert {line["limit"] for line in limit_lines(caplog)} == {"sign_in_codes_per_hour"}
    assert russian_speaker not in caplog.text
    assert issue(session, russian_speaker, sms, NOW + dt.timedelta(minutes=61), limits=many_addresses) is not None


def test_a_stranger_alone_cannot_use_up_the_owners_codes(session, demo, russian_speaker, caplog):
    sms = ConsoleSms()
    with caplog.at_level(logging.WARNING, logger="portal.limits"):
        for minute in range(12):
            issue(session, russian_speaker, sms, NOW + dt.timedelta(minutes=minute), asked_from=STRANGERS_ADDRESS)
    assert len(sms.sent) == 3
    assert {line["limit"] for line in limit_lines(caplog)} == {"sign_in_codes_per_address_per_hour"}
    owners = issue(session, russian_speaker, sms, NOW + dt.timedelta(minutes=12))
    assert owners is not None
    later = NOW + dt.timedelta(minutes=13)
    assert check(session, russian_speaker, owners, later, asked_at=later) is Check.OK


def test_nothing_is_sent_for_an_iin_not_in_the_registry_or_without_a_phone(session, demo):
    sms = ConsoleSms()
    no_phone = persona(demo, lambda p: not p["phone"])
    issue(session, no_phone, sms)
    issue(session, "061211600012", sms)
    assert sms.sent == []
    assert session.scalar(select(func.count()).select_from(SignInCode)) == 0


def limit_lines(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "portal.limits"]
