"""names not blank, money not negative, an archived team not nominated

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

CHECKS = [
    ("programs", "name_not_blank", "length(trim(name)) > 0"),
    ("programs", "money_not_negative",
     "(grant_amount IS NULL OR grant_amount >= 0) AND (cofinancing_amount IS NULL OR cofinancing_amount >= 0)"),
    ("cohorts", "name_not_blank", "length(trim(name)) > 0"),
    ("territories", "names_not_blank", "length(trim(district)) > 0 AND length(trim(settlement)) > 0"),
    ("teams", "name_not_blank", "length(trim(name)) > 0"),
    ("teams", "archived_not_nominated", "NOT archived OR nominated_at IS NULL"),
    ("people", "full_name_not_blank", "length(trim(full_name)) > 0"),
]


def upgrade() -> None:
    # rows written before the rules: blank names get a visible placeholder, archived teams leave the lineup
    for table, column in (("programs", "name"), ("cohorts", "name"), ("territories", "district"), ("territories", "settlement"),
                          ("teams", "name"), ("people", "full_name")):
        op.execute(f"UPDATE {table} SET {column} = '?' WHERE length(trim({column})) = 0")
    op.execute("UPDATE programs SET grant_amount = NULL WHERE grant_amount < 0")
    op.execute("UPDATE programs SET cofinancing_amount = NULL WHERE cofinancing_amount < 0")
    op.execute(sa.text("UPDATE teams SET nominated_at = NULL WHERE archived = :yes").bindparams(yes=True))
    for table, name, condition in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade() -> None:
    for table, name, _condition in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
