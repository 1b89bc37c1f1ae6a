"""stage: the pitch on stage, its timer, the counts shown and the leaders revealed, per fair

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 19:50:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stage',
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('started_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('elapsed_seconds', sa.Integer(), nullable=False),
    sa.Column('planned_seconds', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('counts_shown', sa.Boolean(), nullable=False),
    sa.Column('revealed', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('elapsed_seconds >= 0', name=op.f('ck_stage_elapsed_seconds')),
    sa.CheckConstraint('planned_seconds BETWEEN 60 AND 3600', name=op.f('ck_stage_planned_seconds')),
    sa.CheckConstraint('revealed BETWEEN 0 AND 3', name=op.f('ck_stage_revealed')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_stage_fair_id_fairs')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_stage_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('fair_id', name=op.f('pk_stage'))
    )


def downgrade() -> None:
    op.drop_table('stage')
