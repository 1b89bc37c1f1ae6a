"""a person's organisation from the register, and their position there

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 23:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('organisation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch.add_column(sa.Column('position', sa.String(length=200), nullable=True))
        batch.create_foreign_key(batch.f('fk_people_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])
        batch.create_index(batch.f('ix_people_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.drop_index(batch.f('ix_people_organisation_id'))
        batch.drop_constraint(batch.f('fk_people_organisation_id_organisations'), type_='foreignkey')
        batch.drop_column('position')
        batch.drop_column('organisation_id')
