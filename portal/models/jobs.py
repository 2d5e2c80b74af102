"""The scheduled jobs' last good runs (portal/job_runs.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime


class JobRun(db.Model):
    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)  # the command, e.g. "mandates coming-of-age"
    # When the last run that ended well started: what it read was current then, so the next run
    # picks up from here (changes since, days after).
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
