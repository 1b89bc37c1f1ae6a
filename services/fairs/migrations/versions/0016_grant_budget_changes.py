"""A change of a call's budget kept with the line's moves

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 05:59:13.623667
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grant_line_moves', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_from', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('budget_to', sa.Numeric(precision=14, scale=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('grant_line_moves', schema=None) as batch_op:
        batch_op.drop_column('budget_to')
        batch_op.drop_column('budget_from')

