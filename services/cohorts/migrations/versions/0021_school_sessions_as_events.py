"""school sessions as events of their cohort

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 00:55:39.480166
"""
from alembic import op
import sqlalchemy as sa
import shared.db


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('school_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_school_sessions_event_id'), ['event_id'])
        batch_op.create_foreign_key(batch_op.f('fk_school_sessions_event_id_centre_events'), 'centre_events', ['event_id'], ['id'])
    # every session held so far becomes its cohort's event (a training, by invitation), linked one to one
    bind = op.get_bind()
    sessions = bind.execute(sa.text(
        "SELECT s.id, s.cohort_id, c.program_id, s.title, s.starts_at, s.duration_minutes, s.place, s.created_at "
        "FROM school_sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE s.event_id IS NULL ORDER BY s.id")).all()
    events = sa.table('centre_events', *(sa.column(c) for c in (
        'program_id', 'cohort_id', 'kind', 'title', 'starts_at', 'duration_minutes', 'place', 'seats_taken', 'registration',
        'anonymous_attendees', 'version', 'created_at')))
    for row in sessions:
        event_id = bind.execute(events.insert().values(
            program_id=row.program_id, cohort_id=row.cohort_id, kind='training', title=row.title, starts_at=row.starts_at,
            duration_minutes=row.duration_minutes, place=row.place, seats_taken=0, registration='invitation',
            anonymous_attendees=0, version=1, created_at=row.created_at).returning(sa.column('id'))).scalar_one()
        bind.execute(sa.text("UPDATE school_sessions SET event_id = :e WHERE id = :s"), {"e": event_id, "s": row.id})



def downgrade() -> None:
    linked = sa.text("SELECT event_id FROM school_sessions WHERE event_id IS NOT NULL")
    events = [r[0] for r in op.get_bind().execute(linked)]
    with op.batch_alter_table('school_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_school_sessions_event_id_centre_events'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_school_sessions_event_id'), type_='unique')
        batch_op.drop_column('event_id')
    for event_id in events:
        op.get_bind().execute(sa.text("DELETE FROM centre_events WHERE id = :e"), {"e": event_id})

