"""An online meeting's link in the consultations' facts

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 07:12:04.099534
"""
from alembic import op
import sqlalchemy as sa


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.drop_column('online_url')

