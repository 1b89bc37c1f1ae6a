"""Grants awarded by a programme's calls, as cohorts learns them from fairs

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 04:19:07.623979
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grant_award_facts',
    sa.Column('call_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('program_id', sa.BigInteger(), nullable=False),
    sa.Column('call_name', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('inn', sa.String(length=12), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('call_id', 'application_id', name=op.f('pk_grant_award_facts'))
    )
    with op.batch_alter_table('grant_award_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_award_facts_program_id'), ['program_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('grant_award_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_award_facts_program_id'))

    op.drop_table('grant_award_facts')
