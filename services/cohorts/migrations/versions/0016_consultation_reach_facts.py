"""consultation reach facts: each person's first held consultation per cohort, filled from the attendee rows held

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 23:30:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consultation_reach_facts',
        sa.Column('cohort_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('person_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('first_held_at', shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('cohort_id', 'person_id', name=op.f('pk_consultation_reach_facts')),
    )
    op.execute("INSERT INTO consultation_reach_facts (cohort_id, person_id, first_held_at) "
               "SELECT cohort_id, person_id, min(started_at) FROM consultation_attendee_facts WHERE held "
               "GROUP BY cohort_id, person_id")


def downgrade() -> None:
    op.drop_table('consultation_reach_facts')
