"""consultation facts: an index by cohort and start, for the report's records in date order and its date ranges

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 21:12:00
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_consultation_facts_cohort_started', 'consultation_facts', ['cohort_id', 'started_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_consultation_facts_cohort_started', table_name='consultation_facts')
