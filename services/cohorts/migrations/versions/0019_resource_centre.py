"""the resource centre: events, registrations, the plan, news, visits

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 00:15:00
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registration_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_attempts'))
    )
    with op.batch_alter_table('registration_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_registration_attempts_address_at', ['address', 'at'], unique=False)

    op.create_table('news_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=True),
    sa.Column('published_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_news_items_title_not_blank')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_news_items_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_items'))
    )
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.create_index('ix_news_items_program_published', ['program_id', 'published_at'], unique=False)

    op.create_table('plan_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('target_people', sa.Integer(), nullable=True),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('seminar', 'workshop', 'round_table', 'discussion', 'conference', 'open_day', 'webinar', 'training', 'consultation')", name=op.f('ck_plan_items_kind')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_plan_items_title_not_blank')),
    sa.CheckConstraint('target_people IS NULL OR target_people >= 0', name=op.f('ck_plan_items_target_not_negative')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_plan_items_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items'))
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index('ix_plan_items_program_month', ['program_id', 'month'], unique=False)

    op.create_table('centre_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cohort_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('plan_item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('starts_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('registration', sa.String(length=12), nullable=False),
    sa.Column('registration_closes_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('anonymous_attendees', sa.Integer(), nullable=False),
    sa.Column('door_token_hash', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('seminar', 'workshop', 'round_table', 'discussion', 'conference', 'open_day', 'webinar', 'training')", name=op.f('ck_centre_events_kind')),
    sa.CheckConstraint("registration IN ('open', 'invitation', 'closed')", name=op.f('ck_centre_events_registration')),
    sa.CheckConstraint('anonymous_attendees >= 0', name=op.f('ck_centre_events_anonymous_not_negative')),
    sa.CheckConstraint('duration_minutes > 0 AND duration_minutes <= 10080', name=op.f('ck_centre_events_duration')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_centre_events_title_not_blank')),
    sa.CheckConstraint('seats_taken >= 0 AND (capacity IS NULL OR (capacity > 0 AND seats_taken <= capacity))', name=op.f('ck_centre_events_seats')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_centre_events_cohort_id_cohorts')),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_items.id'], name=op.f('fk_centre_events_plan_item_id_plan_items')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_centre_events_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_events')),
    sa.UniqueConstraint('door_token_hash', name=op.f('uq_centre_events_door_token_hash'))
    )
    with op.batch_alter_table('centre_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_events_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_centre_events_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index('ix_centre_events_program_starts', ['program_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_centre_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('account_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('library', 'office', 'incubator', 'other')", name=op.f('ck_visits_purpose')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_visits_person_id_people')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_visits_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_program_id'), ['program_id'], unique=False)
        batch_op.create_index('ix_visits_visited_on', ['visited_on'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('queued_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checked_in_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', shared.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', shared.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('registered', 'waitlisted', 'cancelled', 'walk_in')", name=op.f('ck_event_registrations_status')),
    sa.ForeignKeyConstraint(['event_id'], ['centre_events.id'], name=op.f('fk_event_registrations_event_id_centre_events')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_event_registrations_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('event_id', 'person_id', name='one_per_person'),
    sa.UniqueConstraint('ticket', name=op.f('uq_event_registrations_ticket'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_event_registrations_queue', ['event_id', 'status', 'queued_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_event_registrations_queue')
        batch_op.drop_index(batch_op.f('ix_event_registrations_person_id'))

    op.drop_table('event_registrations')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_visited_on')
        batch_op.drop_index(batch_op.f('ix_visits_program_id'))
        batch_op.drop_index(batch_op.f('ix_visits_person_id'))

    op.drop_table('visits')
    with op.batch_alter_table('centre_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_events_starts_at'))
        batch_op.drop_index('ix_centre_events_program_starts')
        batch_op.drop_index(batch_op.f('ix_centre_events_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_centre_events_cohort_id'))

    op.drop_table('centre_events')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_items_program_month')

    op.drop_table('plan_items')
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.drop_index('ix_news_items_program_published')

    op.drop_table('news_items')
    with op.batch_alter_table('registration_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_attempts_address_at')

    op.drop_table('registration_attempts')
