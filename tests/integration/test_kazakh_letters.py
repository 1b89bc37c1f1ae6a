"""Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) in search and duplicate checks, on PostgreSQL and on the embedded
SQLite alike: the keys are made in Python (SQLite's lower() knows only ASCII), so a name typed in capitals or in
small letters is one name on both."""
from __future__ import annotations

import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.cohorts.directory.queries import search
from services.cohorts.people.models import Person
from services.cohorts.people.rules import name_key
from shared.migrate import upgrade
from tests.support.api import coordinator_headers

NAMES = ("Әсел Нұрланқызы", "Ғалым Өтегенұлы", "Іңкәр Үсенова", "Һадия Қасымова")


def test_kazakh_names_are_found_in_any_case_and_warned_of_as_namesakes_on_postgresql(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    for n, name in enumerate(NAMES):
        assert c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7701900{n:04d}"}, headers=h).status_code == 201
    for typed, found in (("әсел", "Әсел Нұрланқызы"), ("ӨТЕГЕНҰЛЫ", "Ғалым Өтегенұлы"), ("іңкәр", "Іңкәр Үсенова"),
                         ("ҺАДИЯ ҚАСЫМ", "Һадия Қасымова")):
        items = c.get("/cohorts/api/v1/people", query_string={"q": typed}, headers=h).json["items"]
        assert [p["full_name"] for p in items] == [found], typed
    again = c.post("/cohorts/api/v1/people", json={"full_name": "ӘСЕЛ НҰРЛАНҚЫЗЫ", "phone": "+77019009999"}, headers=h)
    assert again.status_code == 201 and [w["full_name"] for w in again.json["namesakes"]] == ["Әсел Нұрланқызы"]
    organisation = c.post("/cohorts/api/v1/organisations", json={"name": "«Жұлдыз» қоғамдық бірлестігі", "kind": "ngo"}, headers=h)
    assert organisation.status_code == 201
    found = c.get("/cohorts/api/v1/organisations", query_string={"q": "ЖҰЛДЫЗ"}, headers=h).json["items"]
    assert [o["name"] for o in found] == ["«Жұлдыз» қоғамдық бірлестігі"]


def test_kazakh_names_are_found_in_any_case_on_the_embedded_sqlite():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'cohorts.db'}"
        upgrade(Path("services/cohorts/migrations"), url)
        engine = sa.create_engine(url)
        with Session(engine) as session:
            session.add_all(Person(full_name=name, name_key=name_key(name), phone=f"+7701900{n:04d}", archived=False, version=1)
                            for n, name in enumerate(NAMES))
            session.commit()
            for typed, found in (("ӘСЕЛ", "Әсел Нұрланқызы"), ("өтегенұлы", "Ғалым Өтегенұлы"), ("ІҢКӘР", "Іңкәр Үсенова"),
                                 ("һадия қасым", "Һадия Қасымова")):
                assert [p.full_name for p in session.execute(search(typed)).scalars()] == [found], typed
        engine.dispose()
