"""The audit log names who really acted (issue #18, point 13): a carer making a statement for a
person, an interpreter answering or reading bookings, a service reading the registry API."""


import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, Booking, Interpreter, Mandate
from portal.registry import registry
from tests.bookings.test_pages import confirm, fill
from tests.conftest import csrf_token, interpreter_client, signed_in
from tests.pagecheck import translated
from tests.test_audit_log import WHO_LOOKED, act_for, adult_and_carer, staff, table_rows  # noqa: F401 (fixtures)

LANGS = ["kk", "ru"]


def events(session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


# A carer's statement ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_who_makes_a_statement_is_its_actor_on_behalf_of_the_person(app, session, adult_and_carer, lang):
    adult, carer = adult_and_carer
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=["view", "requests"], starts_on=clock.today(),
                        ends_on=None, status="active"))
    session.commit()
    carer_client = signed_in(app.test_client(), carer)
    act_for(carer_client, adult, lang)
    made = carer_client.post(f"/{lang}/cabinet/statements",
                             data={"csrf_token": csrf_token(carer_client, f"/{lang}/cabinet/status")})
    assert made.status_code == 302

    (created,) = events(session, "statement_created")
    assert (created.actor_iin, created.subject_iin) == (carer, adult)
    # The person reads it as done by their representative, not by themselves.
    pairs = [r[1:] for r in table_rows(signed_in(app.test_client(), adult).get(WHO_LOOKED.format(lang=lang)))]
    carer_name = registry().find_person(carer).full_name
    assert [translated(lang, "Your representative %(name)s", name=carer_name),
            translated(lang, "Statement of disability status made") + created.detail] in pairs


# Interpreters -----------------------------------------------------------------------------------

def booked(app, deaf) -> tuple[str, Booking]:
    """A booking the deaf person made through the pages, offered to an interpreter; in Russian sign
    language and Russian, which both Almaty interpreters know, so a decline passes it on."""
    person = signed_in(app.test_client(), deaf)
    fill(person, sign_language="russian_sign", spoken_language="russian")
    reference = confirm(person).headers["Location"].split("/")[-1].split("?")[0]
    return reference, db.session.scalar(select(Booking).where(Booking.reference == reference))


def post(client, url):
    return client.post(url, data={"csrf_token": csrf_token(client, "/kk/interpreter/")})


def test_accepting_and_saying_how_it_went_name_the_interpreter(app, session, deaf):
    reference, booking = booked(app, deaf)
    interpreter_id = booking.interpreter_id
    interpreter = interpreter_client(app, booking.interpreter.username)
    assert post(interpreter, f"/kk/interpreter/bookings/{reference}/accept").status_code == 302
    # The booking took place (a year ago, for the test); the interpreter says so.
    booking = session.scalar(select(Booking).where(Booking.reference == reference))
    booking.starts_at = booking.starts_at.replace(year=booking.starts_at.year - 1)
    session.commit()
    response = interpreter.post(f"/kk/interpreter/bookings/{reference}/outcome",
                                data={"outcome": "completed",
                                      "csrf_token": csrf_token(interpreter, "/kk/interpreter/")})
    assert response.status_code == 302

    for action in ("booking_confirmed", "booking_completed"):
        (event,) = events(session, action)
        assert (event.actor_iin, event.actor_interpreter_id, event.subject_iin) == (None, interpreter_id, deaf)


def test_no_show_names_the_interpreter(app, session, deaf):
    reference, booking = booked(app, deaf)
    interpreter_id = booking.interpreter_id
    interpreter = interpreter_client(app, booking.interpreter.username)
    post(interpreter, f"/kk/interpreter/bookings/{reference}/accept")
    booking = session.scalar(select(Booking).where(Booking.reference == reference))
    booking.starts_at = booking.starts_at.replace(year=booking.starts_at.year - 1)
    session.commit()
    interpreter.post(f"/kk/interpreter/bookings/{reference}/outcome",
                     data={"outcome": "no_show", "csrf_token": csrf_token(interpreter, "/kk/interpreter/")})
    (event,) = events(session, "booking_no_show")
    assert (event.actor_iin, event.actor_interpreter_id, event.subject_iin) == (None, interpreter_id, deaf)


def decline(interpreter, reference):
    url = f"/kk/interpreter/bookings/{reference}/decline"
    return interpreter.post(url, data={"reason": "Ауырып қалдым.", "csrf_token": csrf_token(interpreter, url)})


def test_declining_names_the_interpreter_who_declined(app, session, deaf):
    reference, booking = booked(app, deaf)
    declined_by = []
    for _ in range(2):  # the first interpreter declines, then the one it passed to
        session.expire_all()
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        declined_by.append(booking.interpreter_id)
        assert decline(interpreter_client(app, booking.interpreter.username), reference).status_code == 302
    answers = sorted(events(session, "booking_reassigned") + events(session, "booking_no_interpreter"),
                     key=lambda e: e.id)
    assert [e.actor_interpreter_id for e in answers] == declined_by
    assert {(e.actor_iin, e.subject_iin) for e in answers} == {(None, deaf)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_interpreters_dashboard_records_each_person_it_shows(app, session, deaf, lang):
    reference, booking = booked(app, deaf)
    interpreter = session.get(Interpreter, booking.interpreter_id)
    client = interpreter_client(app, interpreter.username)
    assert reference in client.get(f"/{lang}/interpreter/").get_data(as_text=True)

    (seen,) = [e for e in events(session, "view") if e.actor_interpreter_id]
    assert (seen.actor_iin, seen.actor_interpreter_id, seen.subject_iin, seen.detail) == (
        None, interpreter.id, deaf, "interpreter bookings")
    # The person learns which interpreter saw their bookings; staff see the interpreter's username.
    pairs = [r[1:] for r in table_rows(signed_in(app.test_client(), deaf).get(WHO_LOOKED.format(lang=lang)))]
    assert [translated(lang, "Interpreter %(name)s", name=interpreter.full_name),
            translated(lang, "Viewed the interpreter bookings")] in pairs


def test_staff_see_the_interpreter_by_name_and_username(app, session, deaf, staff):
    from tests.test_audit_log import AUDIT, staff_client

    reference, booking = booked(app, deaf)
    interpreter = session.get(Interpreter, booking.interpreter_id)
    post(interpreter_client(app, interpreter.username), f"/kk/interpreter/bookings/{reference}/accept")
    officer = staff[registry().find_person(deaf).region]
    rows = table_rows(staff_client(app, officer.username).get(AUDIT.format(lang="kk") + f"?iin={deaf}"))
    by_interpreter = translated("kk", "%(name)s, interpreter, username %(username)s", name=interpreter.full_name,
                                username=interpreter.username)
    assert [by_interpreter, translated("kk", "Interpreter booking accepted")] in [[r[1], r[3]] for r in rows]
