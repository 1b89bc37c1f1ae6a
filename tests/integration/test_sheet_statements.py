"""What one juror's sheet costs the database: the statements of one write, counted so that it cannot creep back up
unnoticed (the fair day's burst is every juror sending every sheet at once)."""
from __future__ import annotations

import sqlalchemy as sa

from tests.support.jury import add_juror, bearer, full_scores, world_with_fair

# the statements of a juror's new sheet sent through the API with their personal link, every check included (the
# link valid, the juror on the jury and not recused, the fair open and held, the same sheet twice at once one row):
# the link's juror row kept for the seat; the fair, the pitch, its recusal and the criteria in one query; the sheet
# made by one INSERT … ON CONFLICT; its scores and its history line one insert each. 20 before the fair was read once,
# 17, then 7 before this. Lower it when a change saves one; never raise it without saying why
STATEMENTS = 5


def test_one_sheet_costs_at_most_the_counted_statements(system):
    w, fair = world_with_fair(system, opened=True)
    link = add_juror(system, w, fair["id"], w["j1"])["link_token"]
    client = system.client("fairs")
    engine = system.app("fairs").extensions["rostok.runtime"].engine
    first, second = fair["pitches"][0], fair["pitches"][1]
    url = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{{}}/scores"
    assert client.put(url.format(first["id"]), json={"scores": full_scores(fair)}, headers=bearer(link)).status_code == 200
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        answer = client.put(url.format(second["id"]), json={"scores": full_scores(fair)}, headers=bearer(link))
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 200 and answer.json["state"] == "complete"
    print(f"{len(statements)} statements:\n" + "\n".join(" ".join(s.split())[:160] for s in statements))
    assert len(statements) <= STATEMENTS, statements
