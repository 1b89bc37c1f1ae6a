"""replicas of people, members, participants, mentors, cohorts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 05:00:09.684640
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cohort_replica',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('program_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_replica'))
    )
    op.create_table('member_replica',
    sa.Column('team_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'person_id', name=op.f('pk_member_replica'))
    )
    with op.batch_alter_table('member_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_replica_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_replica_person_id'), ['person_id'], unique=False)

    op.create_table('mentor_replica',
    sa.Column('team_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('account_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'account_id', name=op.f('pk_mentor_replica'))
    )
    with op.batch_alter_table('mentor_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_replica_account_id'), ['account_id'], unique=False)

    op.create_table('participant_replica',
    sa.Column('cohort_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cohort_id', 'person_id', name=op.f('pk_participant_replica'))
    )
    with op.batch_alter_table('participant_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_replica_person_id'), ['person_id'], unique=False)

    op.create_table('person_replica',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('settlement', sa.String(length=200), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('sex', sa.String(length=10), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('erased', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_replica'))
    )
    with op.batch_alter_table('team_replica', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nominated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('nomination_version', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('team_replica', schema=None) as batch_op:
        batch_op.drop_column('nomination_version')
        batch_op.drop_column('nominated')

    op.drop_table('person_replica')
    with op.batch_alter_table('participant_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_replica_person_id'))

    op.drop_table('participant_replica')
    with op.batch_alter_table('mentor_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_replica_account_id'))

    op.drop_table('mentor_replica')
    with op.batch_alter_table('member_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_replica_person_id'))
        batch_op.drop_index(batch_op.f('ix_member_replica_cohort_id'))

    op.drop_table('member_replica')
    op.drop_table('cohort_replica')
