"""account replica: signed out before (tokens issued earlier are refused)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:40:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('account_replica', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_out_before', shared.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('account_replica', schema=None) as batch_op:
        batch_op.drop_column('signed_out_before')
