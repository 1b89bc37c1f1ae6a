"""the chair's decision to rank a pitch no juror could score on its audience score; the published board kept whole

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pitches') as batch:
        batch.add_column(sa.Column('without_jury_reason', sa.String(length=500), nullable=True))
    with op.batch_alter_table('fair_results') as batch:
        batch.add_column(sa.Column('board', sa.JSON(), nullable=True))
    with op.batch_alter_table('fair_history') as batch:
        batch.drop_constraint(op.f('ck_fair_history_field'), type_='check')
        batch.create_check_constraint(op.f('ck_fair_history_field'), "field IN ('state', 'voting_open', 'without_jury')")


def downgrade() -> None:
    op.execute("DELETE FROM fair_history WHERE field = 'without_jury'")
    with op.batch_alter_table('fair_history') as batch:
        batch.drop_constraint(op.f('ck_fair_history_field'), type_='check')
        batch.create_check_constraint(op.f('ck_fair_history_field'), "field IN ('state', 'voting_open')")
    with op.batch_alter_table('fair_results') as batch:
        batch.drop_column('board')
    with op.batch_alter_table('pitches') as batch:
        batch.drop_column('without_jury_reason')
