"""What cohorts learns from the other services' events, for the dashboard and the funder's report."""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import UTCDateTime


class ConsultationFact(Base):
    __tablename__ = "consultation_facts"
    # the report lists a cohort's consultations in date order and cuts them to a date range, and says how fresh it is
    # (the newest fact applied: the last entry of an index, not a scan of every consultation)
    __table_args__ = (sa.Index("ix_consultation_facts_cohort_started", "cohort_id", "started_at"),
                      sa.Index("ix_consultation_facts_cohort_updated", "cohort_id", "updated_at"))

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    cohort_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)  # none: the centre's own
    kind: Mapped[str] = mapped_column(sa.String(12))
    status: Mapped[str] = mapped_column(sa.String(12))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(sa.Integer)
    mentor_account_id: Mapped[int] = mapped_column(sa.BigInteger)
    team_ids: Mapped[list] = mapped_column(sa.JSON)
    attendee_ids: Mapped[list] = mapped_column(sa.JSON)
    anonymous_attendees: Mapped[int] = mapped_column(sa.Integer)
    online_url: Mapped[str | None] = mapped_column(sa.String(500))  # an online meeting (a working group's)
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ConsultationAttendeeFact(Base):
    """A named attendee of a consultation, one row each, kept in step with the consultation's latest fact: unique people
    are counted from here with an index instead of unnesting every consultation's attendee list."""

    __tablename__ = "consultation_attendee_facts"
    __table_args__ = (sa.Index("ix_consultation_attendee_facts_reach", "cohort_id", "held", "person_id", "started_at"),)

    consultation_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    cohort_id: Mapped[int | None] = mapped_column(sa.BigInteger)  # none: the centre's own
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    held: Mapped[bool] = mapped_column(sa.Boolean)


class ConsultationReachFact(Base):
    """When a person first attended a held consultation of a cohort, kept in step with the attendee rows (recomputed for
    the people an event adds or removes, under a lock on their rows): the whole-period count of unique people reads one
    row per person here instead of every attendance. A report cut to a period reads the attendee rows themselves."""

    __tablename__ = "consultation_reach_facts"

    cohort_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    # none only for a moment inside the transaction that recomputes it (the row is then deleted)
    first_held_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class FairResultFact(Base):
    __tablename__ = "fair_result_facts"

    fair_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    team_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    cohort_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    rank: Mapped[int] = mapped_column(sa.Integer)
    score: Mapped[float] = mapped_column(sa.Float)
    leader: Mapped[bool] = mapped_column(sa.Boolean)
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # when the fair published its results: a report cut to a period counts the leaders published in it
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PledgeFact(Base):
    """A pledge made at a fair, as its latest ``fairs.pledge.*`` event says (``version``: the pledge's)."""

    __tablename__ = "pledge_facts"
    __table_args__ = (sa.Index("ix_pledge_facts_team_id", "team_id"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    fair_id: Mapped[int] = mapped_column(sa.BigInteger)
    cohort_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    team_id: Mapped[int] = mapped_column(sa.BigInteger)
    partner: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(10))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    status: Mapped[str] = mapped_column(sa.String(12))  # pledged, confirmed, received or cancelled (withdrawn)
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # what came once received (it may differ from ``amount``, the pledge or the in-kind help's estimated value)
    received_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    pitch_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    partner_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    anonymous: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    description: Mapped[str | None] = mapped_column(sa.String(500))
    pledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # business, authority, ngo or person, as fairs last announced it; none from events older than the field
    partner_kind: Mapped[str | None] = mapped_column(sa.String(10))


class GrantAwardFact(Base):
    """A grant awarded by a programme's call (from ``fairs.grant.awarded``): the organisation funded and how much."""

    __tablename__ = "grant_award_facts"

    call_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    application_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    program_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    call_name: Mapped[str] = mapped_column(sa.String(300))
    title: Mapped[str] = mapped_column(sa.String(300))
    organisation: Mapped[str] = mapped_column(sa.String(300))
    inn: Mapped[str | None] = mapped_column(sa.String(12))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    partial: Mapped[bool] = mapped_column(sa.Boolean)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
