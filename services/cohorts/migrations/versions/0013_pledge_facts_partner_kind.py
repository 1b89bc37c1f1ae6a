"""pledge facts: the partner's kind (business, authority, ngo, person), for the funds by kind of partner

Facts already held keep none: they are counted as of an unknown kind until their pledge's next event.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 23:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_kind', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.drop_column('partner_kind')
