"""the centre's own consultations and their visitors

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 00:34:32.225399
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consultation_visitors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('person_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('person_id IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL', name=op.f('ck_consultation_visitors_contact')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_visitors_consultation_id_consultations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_visitors'))
    )
    with op.batch_alter_table('consultation_visitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_visitors_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_visitors_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.alter_column('cohort_id',
               existing_type=sa.BIGINT(),
               nullable=False)

    with op.batch_alter_table('consultation_visitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_visitors_person_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_visitors_consultation_id'))

    op.drop_table('consultation_visitors')
