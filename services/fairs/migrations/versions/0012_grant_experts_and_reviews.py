"""A grants call's experts, their conflicts, the assignments and the reviews

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:10:27.760985
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grant_experts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('inn', sa.String(length=12), nullable=True),
    sa.Column('link_version', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('link_issued_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('link_version >= 1', name=op.f('ck_grant_experts_link_version')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_experts_call_id_grant_calls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_experts')),
    sa.UniqueConstraint('call_id', 'account_id', name=op.f('uq_grant_experts_call_id_account_id'))
    )
    with op.batch_alter_table('grant_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_experts_call_id'), ['call_id'], unique=False)

    op.create_table('grant_assignments',
    sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('expert_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('assigned_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['grant_applications.id'], name=op.f('fk_grant_assignments_application_id_grant_applications')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_assignments_call_id_grant_calls')),
    sa.ForeignKeyConstraint(['expert_id'], ['grant_experts.id'], name=op.f('fk_grant_assignments_expert_id_grant_experts')),
    sa.PrimaryKeyConstraint('application_id', 'expert_id', name=op.f('pk_grant_assignments'))
    )
    with op.batch_alter_table('grant_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_assignments_call_id'), ['call_id'], unique=False)

    op.create_table('grant_conflicts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('expert_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('declared_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['grant_applications.id'], name=op.f('fk_grant_conflicts_application_id_grant_applications')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_conflicts_call_id_grant_calls')),
    sa.ForeignKeyConstraint(['expert_id'], ['grant_experts.id'], name=op.f('fk_grant_conflicts_expert_id_grant_experts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_conflicts')),
    sa.UniqueConstraint('expert_id', 'application_id', name=op.f('uq_grant_conflicts_expert_id_application_id'))
    )
    with op.batch_alter_table('grant_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_conflicts_call_id'), ['call_id'], unique=False)

    op.create_table('grant_reviews',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('expert_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['grant_applications.id'], name=op.f('fk_grant_reviews_application_id_grant_applications')),
    sa.ForeignKeyConstraint(['call_id'], ['grant_calls.id'], name=op.f('fk_grant_reviews_call_id_grant_calls')),
    sa.ForeignKeyConstraint(['expert_id'], ['grant_experts.id'], name=op.f('fk_grant_reviews_expert_id_grant_experts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_reviews')),
    sa.UniqueConstraint('application_id', 'expert_id', name=op.f('uq_grant_reviews_application_id_expert_id'))
    )
    with op.batch_alter_table('grant_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_reviews_call_id'), ['call_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('grant_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_reviews_call_id'))

    op.drop_table('grant_reviews')
    with op.batch_alter_table('grant_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_conflicts_call_id'))

    op.drop_table('grant_conflicts')
    with op.batch_alter_table('grant_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_assignments_call_id'))

    op.drop_table('grant_assignments')
    with op.batch_alter_table('grant_experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_experts_call_id'))

    op.drop_table('grant_experts')
