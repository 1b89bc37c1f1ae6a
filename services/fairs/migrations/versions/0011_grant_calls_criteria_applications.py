"""A grants call: its call, criteria and applications

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 04:03:39.117112
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grant_calls',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=True),
    sa.Column('opens_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('min_award', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('max_award', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reviews_per_application', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), server_default='draft', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'open', 'review', 'decided', 'published')", name=op.f('ck_grant_calls_state')),
    sa.CheckConstraint('budget > 0 AND min_award > 0 AND max_award >= min_award AND max_award <= budget', name=op.f('ck_grant_calls_money')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_grant_calls_dates')),
    sa.CheckConstraint('reviews_per_application BETWEEN 1 AND 9', name=op.f('ck_grant_calls_reviews')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_calls'))
    )
    with op.batch_alter_table('grant_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_calls_program_id'), ['program_id'], unique=False)

    op.create_table('grant_applications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('link_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('inn', sa.String(length=12), nullable=True),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('requested_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('budget_lines', sa.JSON(), nullable=False),
    sa.Column('team_id', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('requested_amount > 0', name=op.f('ck_grant_applications_requested')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_applications_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_applications')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_grant_applications_link_hash'))
    )
    with op.batch_alter_table('grant_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_applications_call_id'), ['call_id'], unique=False)

    op.create_table('grant_criteria',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('not_applicable', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_score BETWEEN 1 AND 100', name=op.f('ck_grant_criteria_max_score')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_grant_criteria_weight')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_criteria_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_criteria')),
    sa.UniqueConstraint('call_id', 'name', name=op.f('uq_grant_criteria_call_id_name'))
    )
    with op.batch_alter_table('grant_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_criteria_call_id'), ['call_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('grant_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_criteria_call_id'))

    op.drop_table('grant_criteria')
    with op.batch_alter_table('grant_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_applications_call_id'))

    op.drop_table('grant_applications')
    with op.batch_alter_table('grant_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_calls_program_id'))

    op.drop_table('grant_calls')
