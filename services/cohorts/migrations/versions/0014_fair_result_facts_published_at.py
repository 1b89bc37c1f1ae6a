"""fair result facts: when the fair published its results, so that a report cut to a period counts its leaders

Facts already held keep none: they are dated by when cohorts applied them until the results come again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 23:40:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fair_result_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fair_result_facts', schema=None) as batch_op:
        batch_op.drop_column('published_at')
