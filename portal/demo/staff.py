"""Demo staff: one officer for each region where a demo persona lives, and one supervisor.

Created by `flask demo load` only; in demo mode they sign in with one button on the sign-in
page, or with their username and DEMO_STAFF_PASSWORD on the back-office sign-in page, then the
code of an authenticator app set up with DEMO_TOTP_SECRET (or `flask staff demo-code USERNAME`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import clock
from portal.models import StaffUser
from portal.auth.passwords import hash_password

DEMO_STAFF_PASSWORD = "qoljetimdi-demo"
# The authenticator key of every demo account, staff and interpreters (issue #26): public, as the
# password is, so that `make run`, the tests and the benchmarks sign in through the second factor.
# Demo data never reaches production (`flask demo load` only; PORTAL_DEMO is refused there).
DEMO_TOTP_SECRET = "QOLJETIMDIDEMOQOLJETIMDIDEMOKEY2"

DEMO_STAFF = [
    # username, full name, region, role
    ("astana.officer", "Нұрланова Айгерім Бақытқызы", "astana", "officer"),
    ("almaty.officer", "Ким Елена Владимировна", "almaty", "officer"),
    ("almaty-region.officer", "Тоқтаров Нұржан Асқарұлы", "almaty_region", "officer"),
    ("karaganda.officer", "Исаева Динара Маратовна", "karaganda", "officer"),
    ("ulytau.officer", "Бекова Сәуле Ерболқызы", "ulytau", "officer"),
    ("pavlodar.officer", "Шевченко Ольга Петровна", "pavlodar", "officer"),
    ("east-kazakhstan.officer", "Құдайбергенов Асхат Серікұлы", "east_kazakhstan", "officer"),
    ("kostanay.officer", "Мельник Андрей Игоревич", "kostanay", "officer"),
    ("abai.officer", "Әбдірахманова Гүлнар Жомартқызы", "abai", "officer"),
    ("north-kazakhstan.officer", "Сағындықов Ерлан Тимурұлы", "north_kazakhstan", "officer"),
    ("shymkent.officer", "Әбенова Жанар Серікқызы", "shymkent", "officer"),
    ("astana.supervisor", "Жақыпова Раушан Қайратқызы", "astana", "supervisor"),
]


def load_demo_staff(session: Session) -> int:
    """Create or refresh the demo staff; return how many were created."""
    created = 0
    password_hash = hash_password(DEMO_STAFF_PASSWORD)
    for username, full_name, region, role in DEMO_STAFF:
        staff = session.scalar(select(StaffUser).where(StaffUser.username == username))
        if staff is None:
            staff = StaffUser(username=username, full_name=full_name, region=region, role=role,
                              password_hash=password_hash)
            session.add(staff)
            created += 1
        else:
            staff.full_name, staff.region, staff.role, staff.active = full_name, region, role, True
        with_demo_second_factor(staff)
    session.commit()
    return created


def with_demo_second_factor(account) -> None:
    """The demo authenticator key, set up already, unless the account's own was set up in its place."""
    if account.totp_secret is None or account.totp_confirmed_at is None:
        account.totp_secret, account.totp_confirmed_at = DEMO_TOTP_SECRET, clock.utcnow()
