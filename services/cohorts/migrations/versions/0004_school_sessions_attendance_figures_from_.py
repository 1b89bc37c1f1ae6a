"""school sessions, attendance, figures from events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 05:06:34.173432
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consultation_facts',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('started_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('mentor_account_id', sa.BigInteger(), nullable=False),
    sa.Column('team_ids', sa.JSON(), nullable=False),
    sa.Column('attendee_ids', sa.JSON(), nullable=False),
    sa.Column('anonymous_attendees', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_facts'))
    )
    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_facts_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('fair_result_facts',
    sa.Column('fair_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('team_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('leader', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fair_id', 'team_id', name=op.f('pk_fair_result_facts'))
    )
    with op.batch_alter_table('fair_result_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_result_facts_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('pledge_facts',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('fair_id', sa.BigInteger(), nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('team_id', sa.BigInteger(), nullable=False),
    sa.Column('partner', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_facts'))
    )
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_facts_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('school_sessions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('starts_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('trainer', sa.String(length=300), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes > 0 AND duration_minutes <= 1440', name=op.f('ck_school_sessions_duration')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_school_sessions_cohort_id_cohorts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_sessions'))
    )
    with op.batch_alter_table('school_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_sessions_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('attendance',
    sa.Column('session_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_attendance_person_id_people')),
    sa.ForeignKeyConstraint(['session_id'], ['school_sessions.id'], name=op.f('fk_attendance_session_id_school_sessions')),
    sa.PrimaryKeyConstraint('session_id', 'person_id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_person_id'), ['person_id'], unique=False)

    op.create_table('attendance_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('session_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('added', sa.JSON(), nullable=False),
    sa.Column('removed', sa.JSON(), nullable=False),
    sa.Column('changed_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['school_sessions.id'], name=op.f('fk_attendance_changes_session_id_school_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_changes'))
    )
    with op.batch_alter_table('attendance_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_changes_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attendance_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_changes_session_id'))

    op.drop_table('attendance_changes')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_person_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('school_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_sessions_cohort_id'))

    op.drop_table('school_sessions')
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_facts_cohort_id'))

    op.drop_table('pledge_facts')
    with op.batch_alter_table('fair_result_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_result_facts_cohort_id'))

    op.drop_table('fair_result_facts')
    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_facts_cohort_id'))

    op.drop_table('consultation_facts')
