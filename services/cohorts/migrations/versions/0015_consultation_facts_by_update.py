"""consultation facts by cohort and update: the report's freshness reads the newest from the index

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 23:25:00
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_consultation_facts_cohort_updated', 'consultation_facts', ['cohort_id', 'updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_consultation_facts_cohort_updated', table_name='consultation_facts')
