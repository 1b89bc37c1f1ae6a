"""consultation attendee facts: a row per named attendee of a consultation, filled from the facts already held

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 21:20:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consultation_attendee_facts',
        sa.Column('consultation_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('person_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('cohort_id', sa.BigInteger(), nullable=False),
        sa.Column('started_at', shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('held', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('consultation_id', 'person_id', name=op.f('pk_consultation_attendee_facts')),
    )
    op.create_index('ix_consultation_attendee_facts_reach', 'consultation_attendee_facts',
                    ['cohort_id', 'held', 'person_id', 'started_at'], unique=False)
    # the attendees of the consultations already known, from their lists
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("INSERT INTO consultation_attendee_facts (consultation_id, person_id, cohort_id, started_at, held) "
                   "SELECT DISTINCT c.id, a.value::bigint, c.cohort_id, c.started_at, c.status = 'held' "
                   "FROM consultation_facts c, json_array_elements_text(c.attendee_ids) a")
    else:
        op.execute("INSERT OR IGNORE INTO consultation_attendee_facts (consultation_id, person_id, cohort_id, started_at, held) "
                   "SELECT c.id, CAST(a.value AS INTEGER), c.cohort_id, c.started_at, c.status = 'held' "
                   "FROM consultation_facts c, json_each(c.attendee_ids) a")


def downgrade() -> None:
    op.drop_index('ix_consultation_attendee_facts_reach', table_name='consultation_attendee_facts')
    op.drop_table('consultation_attendee_facts')
