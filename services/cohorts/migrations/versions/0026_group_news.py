"""A working group's news

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 06:14:56.159029
"""
from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_news_items_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_news_items_team_id_teams'), 'teams', ['team_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_news_items_team_id_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_news_items_team_id'))
        batch_op.drop_column('team_id')

