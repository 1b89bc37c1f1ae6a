"""A programme's currencies

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 06:21:02.033230
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohort_replica', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='RUB', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('cohort_replica', schema=None) as batch_op:
        batch_op.drop_column('currency')

