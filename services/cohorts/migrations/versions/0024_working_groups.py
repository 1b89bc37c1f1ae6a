"""A team may be a working group: a standing, thematic group (its theme kept), members from many organisations

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 06:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme', sa.String(length=30), nullable=True))
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('initiative_group', 'ngo', 'working_group')")
        batch_op.create_check_constraint('theme', "(kind = 'working_group') = (theme IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_constraint('theme', type_='check')
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('initiative_group', 'ngo')")
        batch_op.drop_column('theme')
