"""accounts: signed out before (a new password signs out every earlier session)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 10:40:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_out_before', shared.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('signed_out_before')
