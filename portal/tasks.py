"""The work the portal does in the background (portal/background.py), by name: the same functions
run as Celery tasks on a worker (portal/worker.py) or in a thread of the portal's process."""

from __future__ import annotations

import logging

from flask import current_app

from portal import clock
from portal.extensions import db

log = logging.getLogger(__name__)


def send_sign_in_code(iin: str, asked_from: str) -> None:
    """Make and send a sign-in code for `iin`, if it is registered with a phone (portal/auth/codes.py)."""
    from portal.auth import codes
    from portal.notify.sms import sms_gateway
    from portal.registry import registry

    codes.issue_code(db.session, registry(), sms_gateway(), iin=iin, asked_from=asked_from,
                     secret_key=current_app.secret_key, now=clock.utcnow(),
                     limits=codes.CodeLimits.from_config(current_app.config))


def deliver_message(message_id: int) -> None:
    """Send one message of the outbox now, unless it was sent or is being sent already."""
    from portal.notify.outbox import deliver_one
    from portal.notify.sms import sms_gateway
    from portal.registry import registry

    deliver_one(db.session, registry(), sms_gateway(), message_id, clock.utcnow())


def tell_about_asks() -> None:
    """Tell the people asked since of carers' asks for a mandate (portal/carers/services.py)."""
    from portal.carers.services import tell_about_asks as tell

    from portal.registry import registry

    tell(db.session, registry(), clock.today())


def run_job(name: str) -> None:
    """A scheduled job (portal/jobs.py), as beat asks for it."""
    from portal import jobs

    done = jobs.run(name)
    log.info("%s: %s", name, "already running elsewhere, left to that run" if done is None else done)


TASKS = {
    "portal.send_sign_in_code": send_sign_in_code,
    "portal.deliver_message": deliver_message,
    "portal.tell_about_asks": tell_about_asks,
    "portal.run_job": run_job,
}
