"""fairs, criteria, lineup, jurors, score sheets, conflicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:21:36.421575
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fairs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('jury_weight', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('audience_weight', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('jury_weight >= 0 AND audience_weight >= 0 AND jury_weight + audience_weight > 0', name=op.f('ck_fairs_weights')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fairs'))
    )
    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fairs_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('criteria',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_score BETWEEN 1 AND 100', name=op.f('ck_criteria_max_score')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_criteria_weight')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_criteria_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria')),
    sa.UniqueConstraint('fair_id', 'name', name=op.f('uq_criteria_fair_id_name'))
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criteria_fair_id'), ['fair_id'], unique=False)

    op.create_table('jurors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=False),
    sa.Column('link_version', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('added_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('link_version >= 1', name=op.f('ck_jurors_link_version')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_jurors_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jurors')),
    sa.UniqueConstraint('fair_id', 'account_id', name=op.f('uq_jurors_fair_id_account_id'))
    )
    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurors_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jurors_fair_id'), ['fair_id'], unique=False)

    op.create_table('pitches',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('team_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('position >= 1', name=op.f('ck_pitches_position')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_pitches_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pitches')),
    sa.UniqueConstraint('fair_id', 'team_id', name=op.f('uq_pitches_fair_id_team_id'))
    )
    with op.batch_alter_table('pitches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pitches_fair_id'), ['fair_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('juror_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('declared_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_conflicts_fair_id_fairs')),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], name=op.f('fk_conflicts_juror_id_jurors')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_conflicts_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts')),
    sa.UniqueConstraint('juror_id', 'pitch_id', name=op.f('uq_conflicts_juror_id_pitch_id'))
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_fair_id'), ['fair_id'], unique=False)

    op.create_table('sheets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('juror_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_sheets_fair_id_fairs')),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], name=op.f('fk_sheets_juror_id_jurors')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_sheets_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheets')),
    sa.UniqueConstraint('juror_id', 'pitch_id', name=op.f('uq_sheets_juror_id_pitch_id'))
    )
    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheets_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sheets_pitch_id'), ['pitch_id'], unique=False)

    op.create_table('scores',
    sa.Column('sheet_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('criterion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_score BETWEEN 1 AND 100', name=op.f('ck_scores_max_score')),
    sa.CheckConstraint('value >= 0 AND value <= max_score', name=op.f('ck_scores_value')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_scores_criterion_id_criteria')),
    sa.ForeignKeyConstraint(['sheet_id'], ['sheets.id'], name=op.f('fk_scores_sheet_id_sheets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', 'criterion_id', name=op.f('pk_scores'))
    )


def downgrade() -> None:
    op.drop_table('scores')
    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheets_pitch_id'))
        batch_op.drop_index(batch_op.f('ix_sheets_fair_id'))

    op.drop_table('sheets')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_fair_id'))

    op.drop_table('conflicts')
    with op.batch_alter_table('pitches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pitches_fair_id'))

    op.drop_table('pitches')
    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurors_fair_id'))
        batch_op.drop_index(batch_op.f('ix_jurors_account_id'))

    op.drop_table('jurors')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criteria_fair_id'))

    op.drop_table('criteria')
    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fairs_cohort_id'))

    op.drop_table('fairs')
