"""consultations, topics, next steps, attendance replica

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 05:18:06.620757
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_replica',
    sa.Column('session_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('starts_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('person_ids', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_attendance_replica'))
    )
    with op.batch_alter_table('attendance_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_replica_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('consultations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('started_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('mentor_account_id', sa.BigInteger(), nullable=False),
    sa.Column('anonymous_attendees', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('individual', 'group', 'webinar')", name=op.f('ck_consultations_kind')),
    sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name=op.f('ck_consultations_status')),
    sa.CheckConstraint('anonymous_attendees >= 0', name=op.f('ck_consultations_anonymous')),
    sa.CheckConstraint('duration_minutes BETWEEN 1 AND 480', name=op.f('ck_consultations_duration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index('ix_consultations_mentor_start', ['mentor_account_id', 'started_at'], unique=False)

    op.create_table('topics',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('name_key', name=op.f('uq_topics_name_key'))
    )
    op.create_table('consultation_attendees',
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_attendees_consultation_id_consultations')),
    sa.PrimaryKeyConstraint('consultation_id', 'person_id', name=op.f('pk_consultation_attendees'))
    )
    with op.batch_alter_table('consultation_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_attendees_person_id'), ['person_id'], unique=False)

    op.create_table('consultation_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_changes_consultation_id_consultations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_changes'))
    )
    with op.batch_alter_table('consultation_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_changes_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_teams',
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('team_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_teams_consultation_id_consultations')),
    sa.PrimaryKeyConstraint('consultation_id', 'team_id', name=op.f('pk_consultation_teams'))
    )
    with op.batch_alter_table('consultation_teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_teams_team_id'), ['team_id'], unique=False)

    op.create_table('consultation_topics',
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_topics_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_consultation_topics_topic_id_topics')),
    sa.PrimaryKeyConstraint('consultation_id', 'topic_id', name=op.f('pk_consultation_topics'))
    )
    op.create_table('next_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('closed_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_next_steps_status')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_next_steps_consultation_id_consultations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_next_steps'))
    )
    with op.batch_alter_table('next_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_next_steps_consultation_id'), ['consultation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('next_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_next_steps_consultation_id'))

    op.drop_table('next_steps')
    op.drop_table('consultation_topics')
    with op.batch_alter_table('consultation_teams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_teams_team_id'))

    op.drop_table('consultation_teams')
    with op.batch_alter_table('consultation_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_changes_consultation_id'))

    op.drop_table('consultation_changes')
    with op.batch_alter_table('consultation_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_attendees_person_id'))

    op.drop_table('consultation_attendees')
    op.drop_table('topics')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_mentor_start')
        batch_op.drop_index(batch_op.f('ix_consultations_cohort_id'))

    op.drop_table('consultations')
    with op.batch_alter_table('attendance_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_replica_cohort_id'))

    op.drop_table('attendance_replica')
