"""A juror's personal link: stable, scoped to one juror at one fair, and every link printed so far still reads."""
import pytest

from services.fairs.jury import links
from shared import auth

# made for secret "s" before the jury's links moved out of shared/auth.py: a QR code on paper since then
PRINTED = "eyJzdWIiOjUsImZhaXIiOjIsImp1cm9yIjo5LCJ2IjoxfQ.qcvqWyAfK9Xmo21CqEwhtC9WQlM"


def test_a_jurors_link_is_stable_and_carries_its_scope():
    link = links.issue("s", account_id=5, fair_id=2, juror_id=9, version=1)
    assert link == PRINTED
    assert links.issue("s", account_id=5, fair_id=2, juror_id=9, version=2) != link
    principal = links.principal("s", PRINTED)
    assert (principal.account_id, principal.roles, principal.via, principal.version) == (5, frozenset({"juror"}), "link", 1)
    assert principal.scope == {"fair_id": 2, "juror_id": 9}


def test_anything_else_is_not_a_jurors_link():
    with pytest.raises(auth.TokenError):
        links.principal("s", auth.issue_token("s", account_id=5, roles=["coordinator"], version=1))
    with pytest.raises(auth.TokenError):
        links.principal("other secret", PRINTED)
    with pytest.raises(auth.TokenError):
        links.principal("s", auth.sign_link("s", links.SALT, {"sub": 5}))  # signed, but not a juror's
