"""people membership nominations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 04:59:24.556650
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('settlement', sa.String(length=200), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('sex', sa.String(length=10), nullable=True),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('consent_method', sa.String(length=30), nullable=True),
    sa.Column('consent_guardian', sa.String(length=300), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('erased_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sex IS NULL OR sex IN ('female', 'male')", name=op.f('ck_people_sex')),
    sa.CheckConstraint('birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100', name=op.f('ck_people_birth_year')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['people.id'], name=op.f('fk_people_merged_into_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_name_key'), ['name_key'], unique=False)
        batch_op.create_index('uq_people_email', ['email'], unique=True, postgresql_where=sa.text('email IS NOT NULL AND merged_into_id IS NULL'), sqlite_where=sa.text('email IS NOT NULL AND merged_into_id IS NULL'))
        batch_op.create_index('uq_people_phone', ['phone'], unique=True, postgresql_where=sa.text('phone IS NOT NULL AND merged_into_id IS NULL'), sqlite_where=sa.text('phone IS NOT NULL AND merged_into_id IS NULL'))

    op.create_table('cohort_participants',
    sa.Column('cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_participants_cohort_id_cohorts')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_cohort_participants_person_id_people')),
    sa.PrimaryKeyConstraint('cohort_id', 'person_id', name=op.f('pk_cohort_participants'))
    )
    with op.batch_alter_table('cohort_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_participants_person_id'), ['person_id'], unique=False)

    op.create_table('team_members',
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('added_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('leader', 'member')", name=op.f('ck_team_members_role')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_team_members_cohort_id_cohorts')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_team_members_person_id_people')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_members_team_id_teams')),
    sa.PrimaryKeyConstraint('team_id', 'person_id', name=op.f('pk_team_members')),
    sa.UniqueConstraint('cohort_id', 'person_id', name='one_team_per_cohort')
    )
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_members_person_id'), ['person_id'], unique=False)

    op.create_table('team_mentors',
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('assigned_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_team_mentors_account_id_accounts')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_mentors_team_id_teams')),
    sa.PrimaryKeyConstraint('team_id', 'account_id', name=op.f('pk_team_mentors'))
    )
    with op.batch_alter_table('team_mentors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_mentors_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nominated_at', shared.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('nominated_at')

    with op.batch_alter_table('team_mentors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_mentors_account_id'))

    op.drop_table('team_mentors')
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_members_person_id'))

    op.drop_table('team_members')
    with op.batch_alter_table('cohort_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_participants_person_id'))

    op.drop_table('cohort_participants')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('uq_people_phone', postgresql_where=sa.text('phone IS NOT NULL AND merged_into_id IS NULL'), sqlite_where=sa.text('phone IS NOT NULL AND merged_into_id IS NULL'))
        batch_op.drop_index('uq_people_email', postgresql_where=sa.text('email IS NOT NULL AND merged_into_id IS NULL'), sqlite_where=sa.text('email IS NOT NULL AND merged_into_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_people_name_key'))

    op.drop_table('people')
