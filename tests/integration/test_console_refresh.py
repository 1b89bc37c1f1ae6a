"""The chair's console refreshes itself by fetching its own page; that fetch must not take the message the chair's
last action left for the page the browser opens next (the old page keeps polling until the new one arrives)."""
from __future__ import annotations

import re

from tests.support.jury import add_juror, world_with_fair
from tests.support.web import coordinator_client
from tests.support.system import ROOT

OPENED = "Ярмарка открыта: жюри оценивает, зрители голосуют."


def test_the_consoles_own_refresh_leaves_the_chairs_message_to_the_next_page(system):
    w, fair = world_with_fair(system)
    add_juror(system, w, fair["id"], w["j1"])
    chair = coordinator_client(system)
    console = f"/fairs/{fair['id']}/console"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', chair.get(console).text).group(1)
    answer = chair.post(console, data={"csrf_token": csrf, "action": "open"})
    assert answer.status_code == 303, answer.text
    # the old page's refresh fetches the console before the browser follows the redirect
    refresh = chair.get(console, headers={"Accept": "text/html", "X-Rostok-Refresh": "1"})
    assert refresh.status_code == 200 and "Пульт председателя" in refresh.text and OPENED not in refresh.text
    assert OPENED in chair.get(answer.headers["Location"]).text
    # and the console's script marks its refresh so
    assert '"X-Rostok-Refresh": "1"' in (ROOT / "services/fairs/stage/static/stage-console.js").read_text()


def test_the_consoles_poll_leaves_the_session_cookie_alone(system):
    """A poll answered after the chair's action would otherwise put back the cookie it was sent with, and the
    action's message (kept in that cookie) would be gone from the page the browser opens next."""
    w, fair = world_with_fair(system)
    chair = coordinator_client(system)
    with chair.session_transaction() as s:
        s.permanent = True  # as a sign-in makes it
    console = f"/fairs/{fair['id']}/console"
    page = chair.get(console)
    poll = re.search(r'data-poll="([^"]+)"', page.text).group(1)
    background = {"Accept": "application/json", "Sec-Fetch-Mode": "cors"}  # as a browser marks a script's fetch
    answer = chair.get(poll, headers=background)
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers
    etag = answer.headers["ETag"]
    unchanged = chair.get(poll, headers={**background, "If-None-Match": etag})
    assert unchanged.status_code == 304 and "Set-Cookie" not in unchanged.headers
    # opening a page still keeps the session alive: someone at work all day is not signed out mid-fair
    opened = chair.get(console, headers={"Sec-Fetch-Mode": "navigate"})
    assert opened.status_code == 200 and "session=" in opened.headers.get("Set-Cookie", "")
