"""outgoing mail: letters are sent by the worker, not inside the request

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 20:00:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outgoing_mail',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('sent_at', shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail')),
    )
    op.create_index('ix_outgoing_mail_due', 'outgoing_mail', ['sent_at', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outgoing_mail_due', table_name='outgoing_mail')
    op.drop_table('outgoing_mail')
