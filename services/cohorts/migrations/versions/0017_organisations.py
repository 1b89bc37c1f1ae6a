"""the register of organisations

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 22:30:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

KINDS = "'ngo', 'initiative_group', 'state', 'municipal', 'business', 'education', 'media', 'other'"


def upgrade() -> None:
    op.create_table(
        'organisations',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('name_key', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('inn', sa.String(length=12), nullable=True),
        sa.Column('settlement', sa.String(length=200), nullable=True),
        sa.Column('settlement_key', sa.String(length=200), nullable=False),
        sa.Column('merged_into_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f('ck_organisations_kind')),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f('ck_organisations_name_not_blank')),
        sa.CheckConstraint("inn IS NULL OR length(inn) IN (10, 12)", name=op.f('ck_organisations_inn_length')),
        sa.ForeignKeyConstraint(['merged_into_id'], ['organisations.id'], name=op.f('fk_organisations_merged_into_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    )
    with op.batch_alter_table('organisations') as batch:
        batch.create_index(batch.f('ix_organisations_name_key'), ['name_key'], unique=False)
        batch.create_index('uq_organisations_inn', ['inn'], unique=True,
                           postgresql_where=sa.text('inn IS NOT NULL AND merged_into_id IS NULL'),
                           sqlite_where=sa.text('inn IS NOT NULL AND merged_into_id IS NULL'))


def downgrade() -> None:
    op.drop_table('organisations')
