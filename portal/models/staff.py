"""The staff of the territorial departments, who handle the requests of their region."""

from __future__ import annotations

from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column

from portal import vocabulary as v
from portal.extensions import db
from portal.models.second_factor import SecondFactor
from portal.models.types import coded


class StaffUser(SecondFactor, db.Model):
    """Staff of a territorial department: they see and process requests of their region only."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id (portal/auth/passwords.py)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(coded("staff_role", v.STAFF_ROLES))
    region: Mapped[str] = mapped_column(coded("staff_region", v.REGIONS))
    active: Mapped[bool] = mapped_column(default=True)
    # Made or reset at the command line: the account chooses its own password before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    session_generation: Mapped[int] = mapped_column(default=0)
