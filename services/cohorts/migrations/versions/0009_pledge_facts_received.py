"""pledge facts: received amount, partner, anonymity

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 20:10:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('pitch_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('partner_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('anonymous', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('description', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('pledged_at', shared.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_pledge_facts_team_id', ['team_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pledge_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_pledge_facts_team_id')
        batch_op.drop_column('pledged_at')
        batch_op.drop_column('description')
        batch_op.drop_column('anonymous')
        batch_op.drop_column('partner_id')
        batch_op.drop_column('pitch_id')
        batch_op.drop_column('received_amount')

