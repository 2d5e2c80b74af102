"""Operator commands: `flask registry import FILE`, `flask registry new-token NAME`, `flask demo load`,
and the scheduled jobs."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from portal import clock, job_runs, moments
from portal.departments import services as departments
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
departments_cli = AppGroup("departments", help="The departments' contact details that pages show.")
statistics_cli = AppGroup("statistics", help="The open statistics of the data bank.")


DEMO_DEPARTMENTS = Path(__file__).parent / "demo" / "departments.csv"


def run_job(name: str, **options) -> None:
    """A scheduled job by hand (portal/jobs.py): locked and written down as beat's runs are."""
    from portal import jobs

    done = jobs.run(name, **options)
    if done is None:
        click.echo(f"{name} is running elsewhere now; this run left the work to it.", err=True)
        raise SystemExit(75)  # EX_TEMPFAIL: try again later
    click.echo(done)


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
def refresh_command() -> None:
    """With REGISTRY_URL: fetch again the kept copies of persons whose file changed since; run often."""
    run_job("registry refresh")


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
    from portal.demo.requests import load_demo_requests

    click.echo(f"{load_demo_requests(db.session)} demo requests created")
    with DEMO_DEPARTMENTS.open(encoding="utf-8", newline="") as lines:
        print_departments_report(departments.load(db.session, lines))
    # The open statistics, as the nightly job would publish them from the demo's registry.
    run_job("statistics publish")


def print_departments_report(report: departments.LoadReport) -> None:
    for line_no, reason in report.errors:
        click.echo(f"line {line_no}: {reason}", err=True)
    click.echo(f"{report.created} departments created, {report.updated} updated, {len(report.errors)} rejected")
    if report.errors:
        raise SystemExit(1)


@departments_cli.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_departments(path: Path) -> None:
    """Create or update the departments of a CSV file (README.md, "Departments' contact details")."""
    with path.open(encoding="utf-8", newline="") as lines:
        print_departments_report(departments.load(db.session, lines))


@reminders_cli.command("queue")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as on this day (default: today).")
def queue_reminders(today) -> None:
    """Queue re-examination reminders 30 and 7 days before terms end; run daily (safe to repeat)."""
    run_job("reminders queue", today=today.date() if today else None)


@outbox_cli.command("deliver")
def deliver() -> None:
    """Tell people of new asks for a mandate, then send the waiting messages; run every few minutes."""
    run_job("outbox deliver")


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
def remind_bookings() -> None:
    """Queue a reminder for each confirmed booking starting within 24 hours; run hourly."""
    run_job("bookings remind")


@bookings_cli.command("release")
def release_bookings() -> None:
    """Release each booking no interpreter accepted in time, give its hours back and tell the person; hourly."""
    run_job("bookings release")


@mandates_cli.command("coming-of-age")
def coming_of_age() -> None:
    """Tell young people on their 18th birthday that their representative no longer acts for them; daily.
    Birthdays since the last good run are caught up, so a missed day tells its young people too."""
    run_job("mandates coming-of-age")


@uploads_cli.command("sweep")
def sweep_uploads() -> None:
    """Remove evidence files that never joined a request a day after upload, and drafts not changed
    for 30 days; run daily."""
    run_job("uploads sweep")


@statistics_cli.command("publish")
def publish_statistics() -> None:
    """Compute the open statistics and the regional indicators from the registry and publish them,
    small counts hidden; run nightly."""
    run_job("statistics publish")


@jobs_cli.command("status")
def jobs_status() -> None:
    """When each scheduled job last ended well (Kazakhstan time)."""
    from portal.jobs import JOBS

    done = job_runs.last_successes(db.session)
    for name in JOBS:
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
    app.cli.add_command(departments_cli)
    app.cli.add_command(statistics_cli)
