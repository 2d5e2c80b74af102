"""Staff and interpreter accounts, kept by operators at the command line (issue #21):

    flask staff create USERNAME --name "…" --region astana [--role officer|supervisor]
    flask staff disable USERNAME
    flask staff reset-password USERNAME
    flask staff reset-2fa USERNAME
    flask interpreters create USERNAME --name "…" --region almaty --language kazakh_sign [--video] …
    flask interpreters disable USERNAME
    flask interpreters reset-password USERNAME
    flask interpreters reset-2fa USERNAME
    flask staff demo-code USERNAME   (and interpreters: demo mode only)

A new account's password, and a reset one, is random and shown once, to be handed over in person;
the account must then choose its own before anything else (RoleSession.password_page).
Resetting the second factor (a lost phone, the recovery codes used up) forgets the authenticator app
and the recovery codes: the account sets them up again at its next sign-in (issue #26).
Disabling an account or resetting its password ends its open sessions at once. Every command is
written to the audit log, with "command line" as the actor.
"""

from __future__ import annotations

import datetime as dt
import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal import audit, clock
from portal import vocabulary as v
from portal.auth import records, second_factor
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.models import Interpreter, StaffUser

ACTOR = "command line"
staff_cli = AppGroup("staff", help="Staff accounts of the territorial departments.")
interpreters_cli = AppGroup("interpreters", help="Sign-language interpreters' accounts.")


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def normalised(username: str) -> str:
    """Usernames are kept as people sign in with them: trimmed, in lower case."""
    return username.strip().lower()


def find(model, username: str):
    account = db.session.scalar(select(model).where(model.username == normalised(username)))
    if account is None:
        raise click.ClickException(f"No account named {normalised(username)!r}")
    return account


def record(role: str, action: str, username: str) -> None:
    audit.record(f"{role}_account_{action}", actor_iin=None, subject_iin=None, actor_service=ACTOR,
                 detail=f"{role} {username}")


def create(role: str, account) -> None:
    account.username = normalised(account.username)
    if db.session.scalar(select(type(account)).where(type(account).username == account.username)) is not None:
        raise click.ClickException(f"An account named {account.username!r} exists already")
    password = one_time_password()
    account.password_hash = hash_password(password)
    account.must_change_password = True
    db.session.add(account)
    record(role, "created", account.username)
    db.session.commit()
    click.echo(f"{role} account {account.username} created. Hand its password over in person; it is shown only now:")
    click.echo(password)


def disable(role: str, model, username: str) -> None:
    account = find(model, username)
    account.active = False
    records.end_all(db.session, role, str(account.id), clock.utcnow())
    record(role, "disabled", account.username)
    db.session.commit()
    click.echo(f"{role} account {account.username} disabled; its sessions are ended")


def reset_password(role: str, model, username: str) -> None:
    account = find(model, username)
    password = one_time_password()
    account.password_hash = hash_password(password)
    account.must_change_password = True
    records.end_all(db.session, role, str(account.id), clock.utcnow())
    record(role, "password_reset", account.username)
    db.session.commit()
    click.echo(f"{role} account {account.username}: its sessions are ended. Hand its new password over in person;"
               " it is shown only now:")
    click.echo(password)


def reset_second_factor(role: str, model, username: str) -> None:
    account = find(model, username)
    second_factor.reset(account)
    records.end_all(db.session, role, str(account.id), clock.utcnow())
    record(role, "second_factor_reset", account.username)
    db.session.commit()
    click.echo(f"{role} account {account.username}: its authenticator app and recovery codes are forgotten and its"
               " sessions ended. It sets up the app again at its next sign-in, after its password.")


def demo_code(model, username: str) -> None:
    """The code a demo account's app would show now: its secret is in the source
    (portal/demo/staff.py), so this tells nothing that is not public. Never for another account."""
    from flask import current_app

    from portal.demo.staff import DEMO_TOTP_SECRET

    if not current_app.config["PORTAL_DEMO"]:
        raise click.ClickException("demo mode only (PORTAL_DEMO=1)")
    account = find(model, username)
    if account.totp_secret != DEMO_TOTP_SECRET:
        raise click.ClickException(f"{account.username!r} is not a demo account with the demo authenticator key")
    click.echo(second_factor.code_at_step(DEMO_TOTP_SECRET, second_factor.step_of(clock.utcnow())))


def time_of_day(_context, _parameter, value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time such as 09:00") from None


@staff_cli.command("create")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="The officer's full name.")
@click.option("--region", type=click.Choice(sorted(v.REGIONS)), required=True)
@click.option("--role", type=click.Choice(sorted(v.STAFF_ROLES)), default="officer", show_default=True)
def create_staff(username: str, full_name: str, region: str, role: str) -> None:
    """Make a staff account; its password is shown once."""
    create("staff", StaffUser(username=username, full_name=full_name, region=region, role=role))


@interpreters_cli.command("create")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="The interpreter's full name.")
@click.option("--region", type=click.Choice(sorted(v.REGIONS)), required=True)
@click.option("--language", "languages", type=click.Choice(sorted(v.INTERPRETER_LANGUAGES)), multiple=True,
              required=True, help="A language they interpret; repeat for each.")
@click.option("--in-person/--no-in-person", default=True, show_default=True)
@click.option("--video/--no-video", default=False, show_default=True)
@click.option("--work-starts", default="09:00", show_default=True, callback=time_of_day)
@click.option("--work-ends", default="18:00", show_default=True, callback=time_of_day)
def create_interpreter(username: str, full_name: str, region: str, languages: tuple[str, ...], in_person: bool,
                       video: bool, work_starts: dt.time, work_ends: dt.time) -> None:
    """Make an interpreter's account; its password is shown once."""
    if work_ends <= work_starts:
        raise click.BadParameter("the working day must end after it starts", param_hint="--work-ends")
    # A booking names a sign language and a spoken one, and goes only to an interpreter who knows both.
    if not set(languages) & set(v.SIGN_LANGUAGES) or not set(languages) & set(v.SPOKEN_LANGUAGES):
        raise click.BadParameter("give at least one sign language (kazakh_sign, russian_sign) and one spoken "
                                 "language (kazakh, russian)", param_hint="--language")
    create("interpreter", Interpreter(username=username, full_name=full_name, region=region, languages=list(languages),
                                      in_person=in_person, video=video, work_starts=work_starts, work_ends=work_ends))


def add_keeping_commands(group: AppGroup, role: str, model) -> None:
    """`disable` and `reset-password`, the same for both kinds of account."""

    @group.command("disable")
    @click.argument("username")
    def disable_command(username: str) -> None:
        """Stop the account signing in, and end its sessions."""
        disable(role, model, username)

    @group.command("reset-password")
    @click.argument("username")
    def reset_password_command(username: str) -> None:
        """Give the account a new password, shown once, and end its sessions; it must then choose its own."""
        reset_password(role, model, username)

    @group.command("reset-2fa")
    @click.argument("username")
    def reset_second_factor_command(username: str) -> None:
        """Forget the account's authenticator app and recovery codes, and end its sessions; it sets them up again."""
        reset_second_factor(role, model, username)

    @group.command("demo-code")
    @click.argument("username")
    def demo_code_command(username: str) -> None:
        """Demo mode only: the code a demo account's authenticator app shows now."""
        demo_code(model, username)


add_keeping_commands(staff_cli, "staff", StaffUser)
add_keeping_commands(interpreters_cli, "interpreter", Interpreter)
