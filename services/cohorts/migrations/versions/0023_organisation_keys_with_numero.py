"""Organisations' duplicate keys read «№1» and «№ 1» alike: the keys of names with «№» made again

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 06:10:00
"""
from alembic import op
import sqlalchemy as sa

from shared.text import normalise

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    # the rule as of this revision (organisations/rules.name_key), frozen here: a later rule has its own migration
    return normalise(name.replace("«", " ").replace("»", " ").replace('"', " ").replace("№", " № "))


def upgrade() -> None:
    bind = op.get_bind()
    organisations = sa.table("organisations", sa.column("id", sa.BigInteger), sa.column("name", sa.String),
                             sa.column("name_key", sa.String))
    rows = bind.execute(sa.select(organisations.c.id, organisations.c.name).where(organisations.c.name.contains("№"))).all()
    for row in rows:
        bind.execute(organisations.update().where(organisations.c.id == row.id).values(name_key=_key(row.name)))


def downgrade() -> None:
    pass  # the old keys differ only by a space after «№»: nothing to restore
