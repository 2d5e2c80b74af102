"""Demo sign-language interpreters: in person in Almaty (where the demo deaf persona lives) and by
video from Astana. Created by `flask demo load`; password DEMO_STAFF_PASSWORD, and the authenticator
key DEMO_TOTP_SECRET (portal/demo/staff.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.staff import DEMO_STAFF_PASSWORD, with_demo_second_factor
from portal.models import Interpreter
from portal.auth.passwords import hash_password

DEMO_INTERPRETERS = [
    # username, full name, region, languages, in person, video, working hours
    ("aizhan.seitkali", "Сейтқали Айжан Нұрланқызы", "almaty", ["kazakh_sign", "russian_sign", "kazakh", "russian"],
     True, True, (9, 18)),
    ("dmitry.pak", "Пак Дмитрий Сергеевич", "almaty", ["russian_sign", "russian"], True, False, (10, 17)),
    ("gulnara.omarova", "Омарова Гүлнара Бейсенқызы", "astana", ["kazakh_sign", "kazakh", "russian"], True, True, (9, 18)),
]


def load_demo_interpreters(session: Session) -> int:
    created = 0
    password_hash = hash_password(DEMO_STAFF_PASSWORD)
    for username, full_name, region, languages, in_person, video, (start, end) in DEMO_INTERPRETERS:
        interpreter = session.scalar(select(Interpreter).where(Interpreter.username == username))
        values = dict(full_name=full_name, region=region, languages=languages, in_person=in_person, video=video,
                      work_starts=dt.time(start), work_ends=dt.time(end), active=True)
        if interpreter is None:
            interpreter = Interpreter(username=username, password_hash=password_hash, **values)
            session.add(interpreter)
            created += 1
        else:
            for key, value in values.items():
                setattr(interpreter, key, value)
        with_demo_second_factor(interpreter)
    session.commit()
    return created
