"""event purges: sent outbox rows by the time they were sent, inbox ids by the time they were processed

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 23:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # only sent rows: the purge asks for ``sent_at < cutoff``, and the unsent ones have their own index
    op.create_index('ix_outbox_sent_at', 'outbox', ['sent_at'], unique=False,
                    postgresql_where=sa.text('sent_at IS NOT NULL'), sqlite_where=sa.text('sent_at IS NOT NULL'))
    op.create_index('ix_inbox_processed_at', 'inbox', ['processed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inbox_processed_at', table_name='inbox')
    op.drop_index('ix_outbox_sent_at', table_name='outbox',
                  postgresql_where=sa.text('sent_at IS NOT NULL'), sqlite_where=sa.text('sent_at IS NOT NULL'))
