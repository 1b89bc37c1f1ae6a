"""A programme's currencies

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 06:21:00.635887
"""
from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='RUB', nullable=False))
        batch_op.add_column(sa.Column('grant_currency', sa.String(length=3), server_default='RUB', nullable=False))
        batch_op.create_check_constraint(
            'currencies', "currency IN ('RUB', 'KZT', 'EUR', 'USD') AND grant_currency IN ('RUB', 'KZT', 'EUR', 'USD')")


def downgrade() -> None:
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_constraint('currencies', type_='check')
        batch_op.drop_column('grant_currency')
        batch_op.drop_column('currency')

