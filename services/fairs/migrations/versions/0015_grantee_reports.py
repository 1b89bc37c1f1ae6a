"""Grantees' reports

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 05:56:17.687590
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grant_reports',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.CheckConstraint("kind IN ('interim', 'final')", name=op.f('ck_grant_reports_kind')),
    sa.CheckConstraint('accepted_on IS NULL OR (received_on IS NOT NULL AND accepted_on >= received_on)', name=op.f('ck_grant_reports_accepted')),
    sa.ForeignKeyConstraint(['application_id'], ['grant_awards.application_id'], name=op.f('fk_grant_reports_application_id_grant_awards')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_reports_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_reports')),
    sa.UniqueConstraint('application_id', 'kind', name=op.f('uq_grant_reports_application_id_kind'))
    )
    with op.batch_alter_table('grant_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_reports_call_id'), ['call_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('grant_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_reports_call_id'))

    op.drop_table('grant_reports')
