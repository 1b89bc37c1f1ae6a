"""a burst's votes set aside by the chair, with the reason in the fair's history

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:00:00
"""
from alembic import op
import sqlalchemy as sa

import shared.db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

FIELDS = "'state', 'voting_open', 'without_jury'"


def upgrade() -> None:
    with op.batch_alter_table('votes') as batch:
        batch.add_column(sa.Column('set_aside_at', shared.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('set_aside_reason', sa.String(length=500), nullable=True))
    with op.batch_alter_table('fair_history') as batch:
        batch.drop_constraint(op.f('ck_fair_history_field'), type_='check')
        batch.create_check_constraint(op.f('ck_fair_history_field'), f"field IN ({FIELDS}, 'votes_set_aside')")


def downgrade() -> None:
    op.execute("DELETE FROM fair_history WHERE field = 'votes_set_aside'")
    with op.batch_alter_table('fair_history') as batch:
        batch.drop_constraint(op.f('ck_fair_history_field'), type_='check')
        batch.create_check_constraint(op.f('ck_fair_history_field'), f"field IN ({FIELDS})")
    with op.batch_alter_table('votes') as batch:
        batch.drop_column('set_aside_reason')
        batch.drop_column('set_aside_at')
