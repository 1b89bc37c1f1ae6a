"""consultation facts of the centre's own consultations

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 00:35:00.367564
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consultation_attendee_facts', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=True)

    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('consultation_facts', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=False)

    with op.batch_alter_table('consultation_attendee_facts', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=False)

