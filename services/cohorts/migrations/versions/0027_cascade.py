"""A cascade of trainers

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 06:19:17.041702
"""
from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cohort_trainers',
    sa.Column('cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_trainers_cohort_id_cohorts')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_cohort_trainers_person_id_people')),
    sa.PrimaryKeyConstraint('cohort_id', 'person_id', name=op.f('pk_cohort_trainers'))
    )
    with op.batch_alter_table('cohort_trainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_trainers_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_cohorts_parent_cohort_id'), ['parent_cohort_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cohorts_parent_cohort_id_cohorts'), 'cohorts', ['parent_cohort_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cohorts_parent_cohort_id_cohorts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cohorts_parent_cohort_id'))
        batch_op.drop_column('parent_cohort_id')

    with op.batch_alter_table('cohort_trainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_trainers_person_id'))

    op.drop_table('cohort_trainers')
