"""A grants call's tables: the call (its dates, money and state), its criteria, its applications. What the rules of
``rules`` can hold, the database holds too."""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow

MONEY = sa.Numeric(14, 2)
WEIGHT = sa.Numeric(7, 3)


class GrantCall(Base):
    """A call: draft -> open (applications) -> review (experts) -> decided (the funding line) -> published (awards)."""

    __tablename__ = "grant_calls"
    __table_args__ = (
        sa.CheckConstraint("state IN ('draft', 'open', 'review', 'decided', 'published')", name="state"),
        sa.CheckConstraint("budget > 0 AND min_award > 0 AND max_award >= min_award AND max_award <= budget", name="money"),
        sa.CheckConstraint("reviews_per_application BETWEEN 1 AND 9", name="reviews"),
        sa.CheckConstraint("closes_at > opens_at", name="dates"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    eligibility: Mapped[str | None] = mapped_column(sa.Text)
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    budget: Mapped[Decimal] = mapped_column(MONEY)
    min_award: Mapped[Decimal] = mapped_column(MONEY)
    max_award: Mapped[Decimal] = mapped_column(MONEY)
    reviews_per_application: Mapped[int] = mapped_column(sa.Integer)
    state: Mapped[str] = mapped_column(sa.String(10), default="draft", server_default="draft")
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantCriterion(Base):
    """A criterion experts score an application on; ``not_applicable``: an expert may say it does not apply."""

    __tablename__ = "grant_criteria"
    __table_args__ = (
        sa.UniqueConstraint("call_id", "name"),
        sa.CheckConstraint("weight > 0", name="weight"),
        sa.CheckConstraint("max_score BETWEEN 1 AND 100", name="max_score"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[Decimal] = mapped_column(WEIGHT)
    max_score: Mapped[int] = mapped_column(sa.Integer)
    not_applicable: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    position: Mapped[int] = mapped_column(sa.Integer)


class GrantApplication(Base):
    """An application sent with no account: the organisation (with its INN), its partners, the contact person, the
    project and its budget line by line. Its applicant sees and changes it by a private link until the call closes;
    only the link's hash is kept."""

    __tablename__ = "grant_applications"
    __table_args__ = (sa.CheckConstraint("requested_amount > 0", name="requested"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    link_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text)
    organisation: Mapped[str] = mapped_column(sa.String(300))
    inn: Mapped[str | None] = mapped_column(sa.String(12))
    partners: Mapped[list] = mapped_column(sa.JSON)  # [{"name", "inn"}]: a collaborative project names at least one
    contact_name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    requested_amount: Mapped[Decimal] = mapped_column(MONEY)
    budget_lines: Mapped[list] = mapped_column(sa.JSON)  # [{"item", "amount"}], adding up to the request
    team_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    # the register's records cohorts matched (``cohorts.applicant.matched``), as of the application's version it read
    person_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    organisation_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    partner_organisation_ids: Mapped[list | None] = mapped_column(sa.JSON)
    matched_version: Mapped[int | None] = mapped_column(sa.Integer)
    sent_from: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # the address a flood is counted by
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantExpert(Base):
    """An account reviewing a call's applications by a personal link; ``organisation`` and ``inn`` are the expert's own
    (an application from it, or naming it as a partner, is a conflict). Removing keeps the row and kills the link."""

    __tablename__ = "grant_experts"
    __table_args__ = (sa.UniqueConstraint("call_id", "account_id"), sa.CheckConstraint("link_version >= 1", name="link_version"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    account_id: Mapped[int] = mapped_column(sa.BigInteger)
    organisation: Mapped[str | None] = mapped_column(sa.String(300))
    inn: Mapped[str | None] = mapped_column(sa.String(12))
    link_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    removed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    link_issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantConflict(Base):
    """An expert's declared conflict with an application: off it at once, their sheet for it no longer counts."""

    __tablename__ = "grant_conflicts"
    __table_args__ = (sa.UniqueConstraint("expert_id", "application_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    expert_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_experts.id"))
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_applications.id"))
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    declared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantAssignment(Base):
    """Who reviews what: made when the review starts (``reason`` None), or by a coordinator with a reason."""

    __tablename__ = "grant_assignments"

    application_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_applications.id"), primary_key=True)
    expert_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_experts.id"), primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantReview(Base):
    """An expert's sheet for an application, saved as they go; a score per criterion, None where it does not apply."""

    __tablename__ = "grant_reviews"
    __table_args__ = (sa.UniqueConstraint("application_id", "expert_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_applications.id"))
    expert_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_experts.id"))
    scores: Mapped[dict] = mapped_column(sa.JSON)  # criterion id (a string) -> score, or null: not applicable
    comment: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantLineMove(Base):
    """A coordinator's move of the funding line (``funded``: how many from the top; None: back to where the budget
    draws it), with the reason, kept in the record. A change of the budget is a move too (``budget_from`` and
    ``budget_to``; the line as it was moved stays): the line is drawn again on the new budget, visibly."""

    __tablename__ = "grant_line_moves"
    __table_args__ = (sa.CheckConstraint("funded IS NULL OR funded >= 0", name="funded"),
                      sa.CheckConstraint("length(trim(reason)) > 0", name="reason"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    funded: Mapped[int | None] = mapped_column(sa.Integer)
    reason: Mapped[str] = mapped_column(sa.String(1000))
    budget_from: Mapped[Decimal | None] = mapped_column(MONEY)
    budget_to: Mapped[Decimal | None] = mapped_column(MONEY)
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_name: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrantAward(Base):
    """An award as published: frozen (the ranking may no longer move it)."""

    __tablename__ = "grant_awards"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount"),)

    application_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_applications.id"), primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    partial: Mapped[bool] = mapped_column(sa.Boolean)
    rank: Mapped[int] = mapped_column(sa.Integer)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class GrantReport(Base):
    """A grantee's report due after the award (interim, final): received, then accepted, on the dates a coordinator
    marks. Overdue: past its due date and not received."""

    __tablename__ = "grant_reports"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "kind"),
        sa.CheckConstraint("kind IN ('interim', 'final')", name="kind"),
        sa.CheckConstraint("accepted_on IS NULL OR (received_on IS NOT NULL AND accepted_on >= received_on)", name="accepted"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_calls.id"), index=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("grant_awards.application_id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    due_on: Mapped[dt.date] = mapped_column(sa.Date)
    received_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    accepted_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.String(1000))
