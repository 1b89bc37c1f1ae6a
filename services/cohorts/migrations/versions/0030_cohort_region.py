"""A cohort's region

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 06:30:21.012803
"""
from alembic import op
import sqlalchemy as sa


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_column('region')

