import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(sa.String(200))
    roles: Mapped[list] = mapped_column(sa.JSON, default=list)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    language: Mapped[str | None] = mapped_column(sa.String(5))
    person_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    # a new password signs out every token and session issued before it, in every service
    signed_out_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def event_body(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "roles": sorted(self.roles),
            "active": self.active,
            "person_id": self.person_id,
            "language": self.language,
            "signed_out_before": self.signed_out_before,
        }


class SignInFailure(Base):
    """Failed sign-ins per e-mail, in the database so every worker process sees them."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(sa.String(254), primary_key=True)
    count: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AccountLink(Base):
    """A one-time link that sets a password: an invitation or a reset. Only its hash is kept."""

    __tablename__ = "account_links"
    __table_args__ = (sa.CheckConstraint("purpose IN ('invite', 'reset')", name="purpose"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutgoingMail(Base):
    """A letter waiting for the worker: the request that asks for it writes this row and returns at once.

    Sending from the worker keeps the SMTP round trip out of the answer, so a
    reset asked for an unknown e-mail and one for a real account take the same
    time. The body (it holds a one-time link) is cleared once the letter is sent.
    """

    __tablename__ = "outgoing_mail"
    __table_args__ = (sa.Index("ix_outgoing_mail_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
