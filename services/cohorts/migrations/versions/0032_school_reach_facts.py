"""school reach facts: each person's first school session attended per cohort, filled from the attendance rows

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 21:10:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'school_reach_facts',
        sa.Column('cohort_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('person_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('first_attended_at', shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('cohort_id', 'person_id', name=op.f('pk_school_reach_facts')),
    )
    op.execute("INSERT INTO school_reach_facts (cohort_id, person_id, first_attended_at) "
               "SELECT school_sessions.cohort_id, attendance.person_id, min(school_sessions.starts_at) "
               "FROM attendance JOIN school_sessions ON school_sessions.id = attendance.session_id "
               "GROUP BY school_sessions.cohort_id, attendance.person_id")


def downgrade() -> None:
    op.drop_table('school_reach_facts')
