"""The published statistics: each table as the periodic job computed it, small counts already hidden.

Pages, downloads and the API read these rows only, never the registry: a figure the public sees was
checked for disclosure once, when it was published (portal/statistics/publish.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime


class PublishedTable(db.Model):
    __tablename__ = "published_table"

    # The table's code in portal/statistics/tables.py; a table of indicators has one per quarter.
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    computed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    as_of: Mapped[dt.date] = mapped_column(Date)  # the Kazakhstan day the figures describe
    rows: Mapped[list] = mapped_column(JSON)  # the codes of the rows, in order
    columns: Mapped[list] = mapped_column(JSON)  # the codes of the columns, in order
    # (rows + 1) x (columns + 1) for counts (totals last), rows x columns for rates; None where hidden.
    values: Mapped[list] = mapped_column(JSON)
    hidden: Mapped[list] = mapped_column(JSON)  # why each hidden value is hidden, None where shown
