"""A grant application's applicant as the register knows them, and the address it was sent from (floods)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 05:46:49.064108
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grant_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('partner_organisation_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('matched_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sent_from', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_grant_applications_sent_from'), ['sent_from'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('grant_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_applications_sent_from'))
        batch_op.drop_column('sent_from')
        batch_op.drop_column('matched_version')
        batch_op.drop_column('partner_organisation_ids')
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('person_id')

