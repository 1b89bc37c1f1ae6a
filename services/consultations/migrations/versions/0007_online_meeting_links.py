"""An online meeting's link

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 06:14:36.513293
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('online_url')

