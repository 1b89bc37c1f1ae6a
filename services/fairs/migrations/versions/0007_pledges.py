"""pledges: partners, needs, pledges and their history

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 19:55:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partners',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('inn', sa.String(length=12), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('business', 'authority', 'ngo', 'person')", name=op.f('ck_partners_kind')),
    sa.CheckConstraint('inn IS NULL OR length(inn) IN (10, 12)', name=op.f('ck_partners_inn')),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_partners_name')),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_partners_merged_into')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['partners.id'], name=op.f('fk_partners_merged_into_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('email', name=op.f('uq_partners_email')),
    sa.UniqueConstraint('inn', name=op.f('uq_partners_inn')),
    sa.UniqueConstraint('phone', name=op.f('uq_partners_phone'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_name_key'), ['name_key'], unique=False)

    op.create_table('pledge_needs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind = 'money' OR description IS NOT NULL", name=op.f('ck_pledge_needs_description')),
    sa.CheckConstraint("kind IN ('money', 'in_kind')", name=op.f('ck_pledge_needs_kind')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_pledge_needs_amount')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_pledge_needs_fair_id_fairs')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_pledge_needs_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_needs'))
    )
    with op.batch_alter_table('pledge_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_needs_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_needs_pitch_id'), ['pitch_id'], unique=False)

    op.create_table('pledges',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('partner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('need_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('received_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('withdrawn_reason', sa.String(length=1000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('confirmed_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('received_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind = 'in_kind' OR amount IS NOT NULL", name=op.f('ck_pledges_money_amount')),
    sa.CheckConstraint("kind = 'money' OR description IS NOT NULL", name=op.f('ck_pledges_in_kind_description')),
    sa.CheckConstraint("kind IN ('money', 'in_kind')", name=op.f('ck_pledges_kind')),
    sa.CheckConstraint("received_amount IS NULL OR (status = 'received' AND received_amount >= 0)", name=op.f('ck_pledges_received_amount')),
    sa.CheckConstraint("status <> 'received' OR received_at IS NOT NULL", name=op.f('ck_pledges_received_at')),
    sa.CheckConstraint("status <> 'withdrawn' OR withdrawn_reason IS NOT NULL", name=op.f('ck_pledges_withdrawn_reason')),
    sa.CheckConstraint("status IN ('pledged', 'confirmed', 'received', 'withdrawn')", name=op.f('ck_pledges_status')),
    sa.CheckConstraint('amount IS NULL OR amount > 0', name=op.f('ck_pledges_amount')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_pledges_fair_id_fairs')),
    sa.ForeignKeyConstraint(['need_id'], ['pledge_needs.id'], name=op.f('fk_pledges_need_id_pledge_needs')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_pledges_partner_id_partners')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_pledges_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledges'))
    )
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.create_index('ix_pledges_fair_id_status_created_at', ['fair_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledges_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledges_pitch_id'), ['pitch_id'], unique=False)

    op.create_table('pledge_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pledge_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('old_value', sa.String(length=1000), nullable=True),
    sa.Column('new_value', sa.String(length=1000), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("field IN ('recorded', 'status', 'amount', 'received_amount', 'description', 'partner_id', 'need_id', 'note')", name=op.f('ck_pledge_history_field')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledges.id'], name=op.f('fk_pledge_history_pledge_id_pledges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_history'))
    )
    with op.batch_alter_table('pledge_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_history_pledge_id'), ['pledge_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pledge_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_history_pledge_id'))

    op.drop_table('pledge_history')
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledges_pitch_id'))
        batch_op.drop_index(batch_op.f('ix_pledges_partner_id'))
        batch_op.drop_index('ix_pledges_fair_id_status_created_at')

    op.drop_table('pledges')
    with op.batch_alter_table('pledge_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_needs_pitch_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_needs_fair_id'))

    op.drop_table('pledge_needs')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_name_key'))

    op.drop_table('partners')
