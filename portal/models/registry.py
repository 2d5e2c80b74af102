"""The registry: the central data bank of persons with disabilities (DOMAIN.md §2–§4, §6).

The portal only reads these tables (through RegistryClient); the importer and the demo
loader are the only writers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import vocabulary as v
from portal.extensions import db
from portal.models.types import UtcDateTime, coded, utcnow


class Person(db.Model):
    __tablename__ = "person"
    # The staff programme list reads a region's persons, by district when filtered (issue #24).
    __table_args__ = (Index("ix_person_region_district", "region", "district"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iin: Mapped[str] = mapped_column(String(12), unique=True)
    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    # Derived from the IIN when the person is written; stored so that queries can use them.
    birth_date: Mapped[dt.date]
    sex: Mapped[str] = mapped_column(coded("sex", v.SEXES))
    region: Mapped[str] = mapped_column(coded("region", v.REGIONS))
    # The district or city of regional significance, as the registry writes it (shown as given).
    district: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    preferred_language: Mapped[str] = mapped_column(coded("language", v.LANGUAGES), default="kk")
    # A state benefit is paid to someone caring for this person (Social Code Art. 187); while it
    # is, the person is not given an individual assistant (Art. 163 p.2).
    carer_allowance_paid: Mapped[bool] = mapped_column(default=False)
    # Lives alone, with no one bound to care for them: a condition of home social services for an
    # adult (the seed; law of 2005 Art. 23 as reworded in 2015, DOMAIN.md §1.19).
    lives_alone: Mapped[bool] = mapped_column(default=False)
    # The parent or trustee who represents a child in law; for an adult a court declared incapable,
    # the guardian it appointed, named with the court decision below (issue #22, rule 9).
    legal_representative_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    guardianship_court_decision: Mapped[str | None] = mapped_column(String(60))
    guardianship_decided_on: Mapped[dt.date | None]
    # When anything in the person's file last changed: the registry API's "changes since" reads it.
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)

    legal_representative: Mapped[Person | None] = relationship(remote_side=[id], back_populates="represented")
    represented: Mapped[list[Person]] = relationship(back_populates="legal_representative")
    decisions: Mapped[list[MseDecision]] = relationship(
        back_populates="person", order_by="MseDecision.decision_date.desc()"
    )
    programmes: Mapped[list[RehabilitationProgramme]] = relationship(
        back_populates="person", order_by="RehabilitationProgramme.drawn_up_on.desc()"
    )

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


class MseDecision(db.Model):
    """A decision of medical and social expert examination (МӘС / МСЭ); a person keeps them all."""

    __tablename__ = "mse_decision"
    __table_args__ = (
        # A child under 7 (under 16 before July 2023) has no group; everyone else has one (Order No. 260).
        CheckConstraint(
            "(COALESCE(child_category, '') IN ('under_7', 'under_16')) = (disability_group IS NULL)",
            name="group_or_young_child",
        ),
        CheckConstraint(
            "general_capacity_loss IS NULL OR general_capacity_loss BETWEEN 30 AND 100",
            name="general_capacity_loss_range",
        ),
        CheckConstraint(
            "professional_capacity_loss IS NULL OR professional_capacity_loss BETWEEN 0 AND 100",
            name="professional_capacity_loss_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    decision_date: Mapped[dt.date]
    disability_group: Mapped[str | None] = mapped_column(coded("disability_group", v.GROUPS))
    child_category: Mapped[str | None] = mapped_column(coded("child_category", v.CHILD_CATEGORIES))
    cause: Mapped[str] = mapped_column(coded("cause", v.CAUSES))
    onset_date: Mapped[dt.date]
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date | None]  # None: set without a term (indefinitely)
    reexamination_date: Mapped[dt.date | None]
    general_capacity_loss: Mapped[int | None]  # % of general working capacity lost (ЖЕА / УОТ)
    professional_capacity_loss: Mapped[int | None]  # % of professional capacity (КЕА / УПТ)
    needs_outside_care: Mapped[bool] = mapped_column(default=False)
    # Limitation of the ability to move, as the examination assessed it (individual assistant).
    difficulty_moving: Mapped[bool] = mapped_column(default=False)
    # For a work injury or occupational disease: the employer, whether the investigation found it
    # at fault (only then does it pay for the programme), and whether it has since been liquidated
    # (the state pays then).
    employer_name: Mapped[str | None] = mapped_column(String(200))
    employer_liquidated: Mapped[bool] = mapped_column(default=False)
    employer_at_fault: Mapped[bool] = mapped_column(default=False)

    person: Mapped[Person] = relationship(back_populates="decisions")

    @property
    def is_indefinite(self) -> bool:
        return self.valid_until is None


class RehabilitationProgramme(db.Model):
    """The individual habilitation and rehabilitation programme (ИПР / ЖОБ) drawn up by the MSE."""

    __tablename__ = "rehabilitation_programme"
    # A person's newest programme, found without reading the others (the staff programme list).
    __table_args__ = (Index("ix_rehabilitation_programme_person_drawn_up_on", "person_id", "drawn_up_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("mse_decision.id"), index=True)
    drawn_up_on: Mapped[dt.date]
    valid_until: Mapped[dt.date | None]

    person: Mapped[Person] = relationship(back_populates="programmes")
    decision: Mapped[MseDecision] = relationship()
    items: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="programme", order_by="ProgrammeItem.line", cascade="all, delete-orphan"
    )


OPEN = text("status <> 'provided' AND newest")


class ProgrammeItem(db.Model):
    """One measure of a programme: an aid, a service or a course, with who provides and pays."""

    __tablename__ = "programme_item"
    __table_args__ = (
        UniqueConstraint("programme_id", "line"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        CheckConstraint("hours_per_year IS NULL OR hours_per_year > 0", name="hours_positive"),
        # The items not yet provided of persons' newest programmes, by region (and district) in
        # due-date order: the staff programme list reads a page of them and no more (issue #24).
        Index("ix_programme_item_open", "region", "due_date", "id", postgresql_where=OPEN, sqlite_where=OPEN),
        Index("ix_programme_item_open_district", "region", "district", "due_date", "id",
              postgresql_where=OPEN, sqlite_where=OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("rehabilitation_programme.id"))
    line: Mapped[int]  # the line number within the programme document
    kind: Mapped[str] = mapped_column(coded("item_kind", v.IRP_ITEM_KINDS))
    quantity: Mapped[int | None]
    hours_per_year: Mapped[int | None]  # sign-language specialist and personal assistant
    status: Mapped[str] = mapped_column(coded("item_status", v.ITEM_STATUSES), default="planned")
    due_date: Mapped[dt.date | None]
    started_on: Mapped[dt.date | None]
    completed_on: Mapped[dt.date | None]  # the date it was provided or found not provided
    provider: Mapped[str | None] = mapped_column(String(200))
    payer: Mapped[str] = mapped_column(coded("payer", v.PAYERS), default="state")
    # Copies the importer keeps in step (portal/registry/importer.py, refresh_item_copies): the
    # person's region and district, and whether this is the person's newest programme. With them
    # the staff programme list reads one index of this table, not every programme of a region.
    region: Mapped[str | None] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(100))
    newest: Mapped[bool] = mapped_column(default=False, server_default=false())

    programme: Mapped[RehabilitationProgramme] = relationship(back_populates="items")

    @property
    def part(self) -> str:
        return v.irp_part(self.kind)


class Benefit(db.Model):
    """A state benefit or insurance payment assigned to a person (BENEFITS.md §1, issue #25).

    The registry copies what the assigning body decided and what the payer pays; the portal never
    computes an amount here (an amount from the multiples is only ever an estimate, elsewhere).
    """

    __tablename__ = "benefit"
    __table_args__ = (
        # A benefit being paid has no reason; a suspended or stopped one always says why.
        CheckConstraint("(status_reason IS NULL) = (status = 'assigned')", name="reason_when_not_assigned"),
        CheckConstraint("monthly_amount > 0", name="monthly_amount_positive"),
        # One person's benefits, newest first (the payments page and the registry API).
        Index("ix_benefit_person_assigned_on", "person_id", "assigned_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The recipient: the person the benefit is assigned to. A child's own disability benefit is
    # recorded on the child even though a parent receives the money.
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(coded("benefit_kind", v.BENEFIT_KINDS))
    legal_basis: Mapped[str] = mapped_column(String(100))  # e.g. "Social Code Art. 177"
    assigned_on: Mapped[dt.date]
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date | None]  # None: assigned without a term
    monthly_amount: Mapped[int]  # whole tenge, as the payer gives it
    status: Mapped[str] = mapped_column(coded("benefit_status", v.BENEFIT_STATUSES), default="assigned")
    status_reason: Mapped[str | None] = mapped_column(coded("benefit_status_reason", v.BENEFIT_STATUS_REASONS))
    status_since: Mapped[dt.date | None]
    # The body that assigned it, as the registry writes it (shown as given).
    assigned_by: Mapped[str] = mapped_column(String(200))
    payer: Mapped[str] = mapped_column(coded("benefit_payer", v.BENEFIT_PAYERS))
    # For the carer benefit (SC Art. 187) and the parent benefit: the person cared for, or the
    # child. The carer or parent is the recipient, person_id.
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    for_person: Mapped[Person | None] = relationship(foreign_keys=[for_person_id])
    payments: Mapped[list[Payment]] = relationship(
        back_populates="benefit", order_by="Payment.month.desc()", cascade="all, delete-orphan"
    )


class Payment(db.Model):
    """One month of a benefit as paid."""

    __tablename__ = "benefit_payment"
    __table_args__ = (
        # One payment per month; the unique index also reads a benefit's payments newest first.
        UniqueConstraint("benefit_id", "month"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("previous_amount IS NULL OR previous_amount > 0", name="previous_amount_positive"),
        CheckConstraint("length(account_last4) = 4", name="account_last4_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    benefit_id: Mapped[int] = mapped_column(ForeignKey("benefit.id"))
    month: Mapped[dt.date]  # the first day of the month it pays for
    amount: Mapped[int]  # whole tenge
    paid_on: Mapped[dt.date]
    # Only the last 4 digits of the account: the registry never holds a full account number.
    account_last4: Mapped[str] = mapped_column(String(4))
    # Why this month's amount differs from the month before, and what it was, so that a page can
    # say "indexed on 1 January 2026 from 93 058 ₸ to 102 364 ₸".
    change_note: Mapped[str | None] = mapped_column(coded("payment_change_note", v.PAYMENT_CHANGE_NOTES))
    previous_amount: Mapped[int | None]

    benefit: Mapped[Benefit] = relationship(back_populates="payments")
