"""Events' materials

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 06:28:57.903595
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('materials',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('ru', 'kk', 'en')", name=op.f('ck_materials_language')),
    sa.CheckConstraint('(url IS NULL) <> (content IS NULL)', name=op.f('ck_materials_file_or_link')),
    sa.CheckConstraint('size IS NULL OR size <= 10485760', name=op.f('ck_materials_size')),
    sa.ForeignKeyConstraint(['event_id'], ['centre_events.id'], name=op.f('fk_materials_event_id_centre_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_materials'))
    )
    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_materials_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_materials_event_id'))

    op.drop_table('materials')
