"""fair life: states, formula, history; sheet revisions and correction requests; link issue time; consultation replica and recusal reviews; audience tickets, votes, attempts; results

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 19:32:44
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consultation_replica',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('cohort_id', sa.BigInteger(), nullable=False),
    sa.Column('mentor_account_id', sa.BigInteger(), nullable=False),
    sa.Column('team_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_replica'))
    )
    with op.batch_alter_table('consultation_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_replica_mentor_account_id'), ['mentor_account_id'], unique=False)

    op.create_table('fair_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('from_value', sa.String(length=20), nullable=False),
    sa.Column('to_value', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("field IN ('state', 'voting_open')", name=op.f('ck_fair_history_field')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_history_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_history'))
    )
    with op.batch_alter_table('fair_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_history_fair_id'), ['fair_id'], unique=False)

    op.create_table('fair_results',
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('ranking', sa.JSON(), nullable=False),
    sa.Column('leaders', sa.JSON(), nullable=False),
    sa.Column('formula', sa.JSON(), nullable=False),
    sa.Column('standardised', sa.Boolean(), nullable=False),
    sa.Column('fallback_reason', sa.String(length=200), nullable=True),
    sa.Column('stable_top', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_results_fair_id_fairs')),
    sa.PrimaryKeyConstraint('fair_id', name=op.f('pk_fair_results'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_tickets_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('code', name=op.f('uq_tickets_code'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_fair_id'), ['fair_id'], unique=False)

    op.create_table('vote_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_vote_attempts_fair_id_fairs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_attempts'))
    )
    with op.batch_alter_table('vote_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_vote_attempts_fair_id_address_at', ['fair_id', 'address', 'at'], unique=False)

    op.create_table('recusal_reviews',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('juror_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('confirmed', 'cleared')", name=op.f('ck_recusal_reviews_decision')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_recusal_reviews_fair_id_fairs')),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], name=op.f('fk_recusal_reviews_juror_id_jurors')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_recusal_reviews_pitch_id_pitches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal_reviews')),
    sa.UniqueConstraint('juror_id', 'pitch_id', name=op.f('uq_recusal_reviews_juror_id_pitch_id'))
    )
    with op.batch_alter_table('recusal_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_reviews_fair_id'), ['fair_id'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pitch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('voter', sa.String(length=80), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(voter LIKE 'device:%' AND ticket_id IS NULL) OR (voter LIKE 'ticket:%' AND ticket_id IS NOT NULL)", name=op.f('ck_votes_voter')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_votes_fair_id_fairs')),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitches.id'], name=op.f('fk_votes_pitch_id_pitches')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_votes_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes')),
    sa.UniqueConstraint('fair_id', 'voter', name=op.f('uq_votes_fair_id_voter')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_votes_ticket_id'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index('ix_votes_fair_id_pitch_id', ['fair_id', 'pitch_id'], unique=False)

    op.create_table('sheet_revisions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sheet_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('old_scores', sa.JSON(), nullable=True),
    sa.Column('new_scores', sa.JSON(), nullable=True),
    sa.Column('old_comment', sa.Text(), nullable=True),
    sa.Column('new_comment', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=True),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'reopened' OR reason IS NOT NULL", name=op.f('ck_sheet_revisions_reopen_reason')),
    sa.CheckConstraint("kind IN ('sent', 'changed', 'reopened', 'recused')", name=op.f('ck_sheet_revisions_kind')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_sheet_revisions_fair_id_fairs')),
    sa.ForeignKeyConstraint(['sheet_id'], ['sheets.id'], name=op.f('fk_sheet_revisions_sheet_id_sheets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_revisions'))
    )
    with op.batch_alter_table('sheet_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_revisions_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sheet_revisions_sheet_id'), ['sheet_id'], unique=False)

    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), server_default='draft', nullable=False))
        batch_op.add_column(sa.Column('standardise', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('audience_mode', sa.String(length=10), server_default='device', nullable=False))
        batch_op.add_column(sa.Column('tie_breaks', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('voting_open', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('opened_at', shared.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', shared.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=True))
    # the fairs made before: drafts with the default tie-break list
    op.execute("""UPDATE fairs SET tie_breaks = '["jury", "audience", "first_places"]' WHERE tie_breaks IS NULL""")
    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.alter_column('tie_breaks', existing_type=sa.JSON(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_fairs_state'), "state IN ('draft', 'open', 'closed', 'published')")
        batch_op.create_check_constraint(op.f('ck_fairs_audience_mode'), "audience_mode IN ('device', 'ticket')")
        batch_op.create_check_constraint(op.f('ck_fairs_opened'), "state = 'draft' OR opened_at IS NOT NULL")
        batch_op.create_check_constraint(op.f('ck_fairs_published'), "state <> 'published' OR published_at IS NOT NULL")

    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_issued_at', shared.db.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE jurors SET link_issued_at = added_at WHERE link_issued_at IS NULL")
    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.alter_column('link_issued_at', existing_type=shared.db.UTCDateTime(timezone=True), nullable=False)

    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correction_reason', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('correction_requested_at', shared.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.drop_column('correction_requested_at')
        batch_op.drop_column('correction_reason')

    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.drop_column('link_issued_at')

    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_fairs_published'), type_='check')
        batch_op.drop_constraint(op.f('ck_fairs_opened'), type_='check')
        batch_op.drop_constraint(op.f('ck_fairs_audience_mode'), type_='check')
        batch_op.drop_constraint(op.f('ck_fairs_state'), type_='check')
        batch_op.drop_column('published_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('opened_at')
        batch_op.drop_column('voting_open')
        batch_op.drop_column('tie_breaks')
        batch_op.drop_column('audience_mode')
        batch_op.drop_column('standardise')
        batch_op.drop_column('state')

    with op.batch_alter_table('sheet_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_revisions_sheet_id'))
        batch_op.drop_index(batch_op.f('ix_sheet_revisions_fair_id'))

    op.drop_table('sheet_revisions')
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index('ix_votes_fair_id_pitch_id')

    op.drop_table('votes')
    with op.batch_alter_table('recusal_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_reviews_fair_id'))

    op.drop_table('recusal_reviews')
    with op.batch_alter_table('vote_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_attempts_fair_id_address_at')

    op.drop_table('vote_attempts')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_fair_id'))

    op.drop_table('tickets')
    op.drop_table('fair_results')
    with op.batch_alter_table('fair_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_history_fair_id'))

    op.drop_table('fair_history')
    with op.batch_alter_table('consultation_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_replica_mentor_account_id'))

    op.drop_table('consultation_replica')
