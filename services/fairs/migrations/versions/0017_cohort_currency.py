"""A programme's currencies

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 06:21:01.342394
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohort_replica', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='RUB', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('cohort_replica', schema=None) as batch_op:
        batch_op.drop_column('currency')

