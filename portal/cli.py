"""Operator commands: `flask registry import FILE`, `flask registry new-token NAME`, `flask demo load`,
and the scheduled jobs."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from portal import clock, job_runs, moments
from portal.extensions import db
from portal.registry.importer import ImportReport, import_people

registry_cli = AppGroup("registry", help="The registry of persons with disabilities.")
demo_cli = AppGroup("demo", help="Demo data for development and the demo sign-in.")
reminders_cli = AppGroup("reminders", help="Reminders queued into the outbox.")
outbox_cli = AppGroup("outbox", help="Messages waiting to be sent.")
bookings_cli = AppGroup("bookings", help="Interpreter bookings.")
mandates_cli = AppGroup("mandates", help="Carers acting for a person.")
uploads_cli = AppGroup("uploads", help="Evidence files and journeys in progress.")
jobs_cli = AppGroup("jobs", help="The scheduled jobs' last good runs.")
# The scheduled jobs (README, Scheduled jobs), each recorded by job_runs.recorded.
SCHEDULED_JOBS = ("outbox deliver", "reminders queue", "bookings remind", "bookings release", "mandates coming-of-age",
                  "uploads sweep", "registry refresh")


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def print_report(report: ImportReport) -> None:
    for line_no, reason in report.errors:
        click.echo(f"line {line_no}: {reason}", err=True)
    click.echo(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged,"
        f" {len(report.errors)} rejected"
    )


@registry_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch-size", default=200, show_default=True, help="Lines per transaction.")
def import_command(path: Path, batch_size: int) -> None:
    """Import persons, decisions and programmes from a JSON Lines file (one person a line)."""
    total = count_lines(path)
    with path.open(encoding="utf-8") as lines, click.progressbar(length=total, label="Importing") as bar:
        report = import_people(db.session, lines, batch_size=batch_size, on_line=lambda _: bar.update(1))
    print_report(report)
    if report.errors:
        raise SystemExit(1)


@registry_cli.command("refresh")
@job_runs.recorded("registry refresh")
def refresh_command() -> None:
    """With REGISTRY_URL: fetch again the kept copies of persons whose file changed since; run often."""
    from portal.registry import registry
    from portal.registry.http import HttpRegistry

    client = registry()
    if not isinstance(client, HttpRegistry):
        click.echo("The registry is in this database (REGISTRY_URL is not set): there are no copies to refresh.")
        return
    last = job_runs.last_good_run(db.session, "registry refresh")
    refreshed = client.refresh_copies(since=last.started_at if last else None)
    db.session.commit()
    click.echo(f"{refreshed} copies refreshed")


@registry_cli.command("new-token")
@click.argument("name")
@click.option("--token", help="A token of your own (from a vault, say) to check instead of making one.")
def new_token_command(name: str, token: str | None) -> None:
    """Make a service's token for the registry API, to add to REGISTRY_API_TOKENS."""
    from portal.registry import service_tokens

    if not name.strip() or any(c in name for c in ":,") or len(name) > 60:
        raise click.BadParameter("a service name of up to 60 characters, without ':' or ','", param_hint="NAME")
    if token is not None and len(token.strip()) < service_tokens.MIN_LENGTH:
        raise click.BadParameter(f"this token has {len(token.strip())} characters; a service token needs at least "
                                 f"{service_tokens.MIN_LENGTH}. Leave out --token and one is made for you.",
                                 param_hint="--token")
    if token is not None and "," in token:
        raise click.BadParameter("a token cannot hold ',', which separates the services", param_hint="--token")
    click.echo(f"Add this to {service_tokens.VARIABLE} (comma-separated) and give the token to the service:")
    click.echo(f"{name.strip()}:{(token or service_tokens.new_token()).strip()}")


@demo_cli.command("load")
def load_demo() -> None:
    """Load (or refresh) the demo personas; safe to run again, dates move with today."""
    from portal.demo.personas import demo_people

    from portal.demo.staff import load_demo_staff

    lines = [json.dumps(person, ensure_ascii=False) for person in demo_people(clock.today())]
    report = import_people(db.session, lines)
    print_report(report)
    if report.errors:
        raise SystemExit(1)
    click.echo(f"{load_demo_staff(db.session)} demo staff created")
    from portal.demo.interpreters import load_demo_interpreters

    click.echo(f"{load_demo_interpreters(db.session)} demo interpreters created")


@reminders_cli.command("queue")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as on this day (default: today).")
@job_runs.recorded("reminders queue")
def queue_reminders(today) -> None:
    """Queue re-examination reminders 30 and 7 days before terms end; run daily (safe to repeat)."""
    from portal.notify.reminders import queue_reexamination_reminders
    from portal.registry import registry

    day = today.date() if today else clock.today()
    added = queue_reexamination_reminders(db.session, registry(), day)
    click.echo(f"{added} reminders queued")


@outbox_cli.command("deliver")
@job_runs.recorded("outbox deliver")
def deliver() -> None:
    """Tell people of new asks for a mandate, then send the waiting messages; run every few minutes."""
    from portal.carers.services import tell_about_asks
    from portal.notify.outbox import deliver_outbox
    from portal.notify.sms import sms_gateway
    from portal.registry import registry

    told = tell_about_asks(db.session, registry(), clock.today())
    sent, failed = deliver_outbox(db.session, registry(), sms_gateway(), clock.utcnow())
    if told:
        click.echo(f"{told} people told of an ask for a mandate")
    click.echo(f"{sent} sent, {failed} not sent")


@outbox_cli.command("status")
@click.option("--failed", "list_failed", is_flag=True, help="List the messages not sent after every try.")
def outbox_status_command(list_failed: bool) -> None:
    """Count the messages waiting to be sent, to be tried again, and not sent for good."""
    from portal.notify.outbox import MAX_ATTEMPTS, failed_messages, outbox_status

    status = outbox_status(db.session, clock.utcnow())
    click.echo(f"{status.due} due now, {status.waiting} waiting to be tried again, "
               f"{status.failed} not sent after {MAX_ATTEMPTS} tries, {status.no_phone} without a phone number")
    if status.oldest_unsent:
        click.echo(f"oldest message still to be sent: queued {moments.iso(status.oldest_unsent)}")
    if list_failed:
        for message in failed_messages(db.session):
            click.echo(f"message {message.id}, {message.kind}, queued {moments.iso(message.created_at)}: "
                       f"{message.last_error}")


@bookings_cli.command("remind")
@job_runs.recorded("bookings remind")
def remind_bookings() -> None:
    """Queue a reminder for each confirmed booking starting within 24 hours; run hourly."""
    from portal.bookings.services import queue_reminders
    from portal.registry import registry

    click.echo(f"{queue_reminders(db.session, registry(), clock.now_local())} booking reminders queued")


@bookings_cli.command("release")
@job_runs.recorded("bookings release")
def release_bookings() -> None:
    """Release each booking no interpreter accepted in time, give its hours back and tell the person; hourly."""
    from flask import current_app

    from portal.bookings.services import release_hours_before, release_unaccepted
    from portal.registry import registry

    released = release_unaccepted(db.session, registry(), clock.now_local(), release_hours_before(current_app.config))
    click.echo(f"{released} bookings released")


@mandates_cli.command("coming-of-age")
@job_runs.recorded("mandates coming-of-age")
def coming_of_age() -> None:
    """Tell young people on their 18th birthday that their representative no longer acts for them; daily.
    Birthdays since the last good run are caught up, so a missed day tells its young people too."""
    from portal.carers.services import tell_young_adults
    from portal.registry import registry

    days = job_runs.days_to_cover(db.session, "mandates coming-of-age", clock.today())
    told = sum(tell_young_adults(db.session, registry(), day) for day in days)
    click.echo(f"{told} young adults told ({days[0].isoformat()} to {days[-1].isoformat()})")


@uploads_cli.command("sweep")
@job_runs.recorded("uploads sweep")
def sweep_uploads() -> None:
    """Remove evidence files that never joined a request a day after upload, and drafts not changed
    for 30 days; run daily."""
    from flask import current_app

    from portal.drafts import remove_expired
    from portal.requests.services import remove_orphan_evidence

    now = clock.utcnow()
    files = remove_orphan_evidence(db.session, Path(current_app.config["UPLOAD_FOLDER"]), now)
    click.echo(f"{files} files that never joined a request removed, {remove_expired(db.session, now)} old drafts removed")


@jobs_cli.command("status")
def jobs_status() -> None:
    """When each scheduled job last ended well (Kazakhstan time)."""
    done = job_runs.last_successes(db.session)
    for name in SCHEDULED_JOBS:
        click.echo(f"{name}: {moments.iso(done[name]) if name in done else 'never'}")


def init_app(app: Flask) -> None:
    from portal.auth.accounts import interpreters_cli, staff_cli

    app.cli.add_command(staff_cli)
    app.cli.add_command(interpreters_cli)
    app.cli.add_command(registry_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(bookings_cli)
    app.cli.add_command(mandates_cli)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(jobs_cli)
