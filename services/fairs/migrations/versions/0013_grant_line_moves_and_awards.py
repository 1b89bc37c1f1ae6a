"""A grants call's funding line as moved by a coordinator, and its awards as published

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:15:26.697884
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grant_line_moves',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('funded', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('funded IS NULL OR funded >= 0', name=op.f('ck_grant_line_moves_funded')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_grant_line_moves_reason')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_line_moves_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_line_moves'))
    )
    with op.batch_alter_table('grant_line_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_line_moves_call_id'), ['call_id'], unique=False)

    op.create_table('grant_awards',
    sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_grant_awards_amount')),
    sa.ForeignKeyConstraint(['application_id'], ['grant_applications.id'], name=op.f('fk_grant_awards_application_id_grant_applications')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_awards_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_grant_awards'))
    )
    with op.batch_alter_table('grant_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_awards_call_id'), ['call_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('grant_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_awards_call_id'))

    op.drop_table('grant_awards')
    with op.batch_alter_table('grant_line_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_line_moves_call_id'))

    op.drop_table('grant_line_moves')
