"""The register of organisations on the real database: one INN is one organisation (refused naming it), a wrong
check digit is refused with its reason, a namesake in the same settlement is a warning, search by name or INN."""
from __future__ import annotations

from tests.support.api import coordinator_headers, create_account, token

API = "/cohorts/api/v1/organisations"
VALID_INN = "7707083893"  # check digits right
OTHER_INN = "500100732259"  # a 12-digit one (an individual entrepreneur), check digits right


def test_an_organisation_is_registered_once_by_inn_and_namesakes_are_a_warning(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    made = c.post(API, json={"name": "АНО «Ресурсный центр»", "kind": "ngo", "inn": "7707 083 893", "settlement": "г. Петропавловск-Камчатский"},
                  headers=h)
    assert made.status_code == 201, made.json
    assert (made.json["inn"], made.json["namesakes"], made.json["kind"]) == (VALID_INN, [], "ngo")

    again = c.post(API, json={"name": "Ресурсный центр", "kind": "ngo", "inn": VALID_INN}, headers=h)
    assert again.status_code == 409
    assert again.json["errors"] == {"inn": [f"Организация с этим ИНН уже зарегистрирована: «АНО «Ресурсный центр»» (#{made.json['id']})."]}

    wrong = c.post(API, json={"name": "Клуб", "kind": "ngo", "inn": "7707083894"}, headers=h)
    assert wrong.status_code == 422 and wrong.json["errors"] == {"inn": ["Неверная контрольная цифра ИНН: проверьте номер."]}
    short = c.post(f"{API}?lang=en", json={"name": "Клуб", "kind": "ngo", "inn": "12345"}, headers=h)
    assert short.status_code == 422 and list(short.json["errors"]) == ["inn"] and "10 digits" in short.json["errors"]["inn"][0]
    unknown_kind = c.post(API, json={"name": "Клуб", "kind": "club"}, headers=h)
    assert unknown_kind.status_code == 422 and list(unknown_kind.json["errors"]) == ["kind"]
    blank = c.post(API, json={"name": "   ", "kind": "ngo"}, headers=h)
    assert blank.status_code == 422 and list(blank.json["errors"]) == ["name"]

    # the same name in the same settlement (case, ё and quotes aside): created, with a warning naming it
    twin = c.post(API, json={"name": "ано ресурсный центр", "kind": "ngo", "settlement": "Г. Петропавловск-Камчатский"}, headers=h)
    assert twin.status_code == 201 and [n["id"] for n in twin.json["namesakes"]] == [made.json["id"]]
    elsewhere = c.post(API, json={"name": "АНО Ресурсный центр", "kind": "ngo", "settlement": "с. Эссо"}, headers=h)
    assert elsewhere.status_code == 201 and elsewhere.json["namesakes"] == []

    # a correction to another's INN is refused the same way; search by any part of the name or by INN
    ip = c.post(API, json={"name": "ИП Ёлкина", "kind": "business", "inn": OTHER_INN}, headers=h).json
    taken = c.patch(f"{API}/{ip['id']}", json={"inn": VALID_INN}, headers=h)
    assert taken.status_code == 409 and list(taken.json["errors"]) == ["inn"]
    assert c.patch(f"{API}/{ip['id']}", json={"kind": "other"}, headers=h).json["kind"] == "other"
    found = c.get(API, query_string={"q": "елкин"}, headers=h).json
    assert [o["name"] for o in found["items"]] == ["ИП Ёлкина"]
    assert [o["id"] for o in c.get(API, query_string={"q": VALID_INN}, headers=h).json["items"]] == [made.json["id"]]
    assert c.get(API, query_string={"kind": "business"}, headers=h).json["total"] == 0
    assert c.get(f"{API}/987654", headers=h).status_code == 404

    mentor = create_account(system, roles=("mentor",), name="Наставник")
    assert c.get(API, headers={"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}).status_code == 403


def test_a_person_links_to_an_organisation_of_the_register_with_a_position(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    school = c.post(API, json={"name": "МБОУ «Мильковская СОШ № 1»", "kind": "education", "settlement": "с. Мильково"}, headers=h).json
    person = c.post("/cohorts/api/v1/people", json={"full_name": "Анна Ёлкина", "phone": "+7 914 000-11-22",
                                                    "organisation_id": school["id"], "position": "учитель"}, headers=h)
    assert person.status_code == 201, person.json
    assert (person.json["organisation_id"], person.json["position"], person.json["organisation"]) == (
        school["id"], "учитель", "МБОУ «Мильковская СОШ № 1»")  # the written name filled from the register
    missing = c.post("/cohorts/api/v1/people", json={"full_name": "Пётр Лазарев", "organisation_id": 987654}, headers=h)
    assert missing.status_code == 422 and missing.json["errors"] == {"organisation_id": ["В реестре нет такой организации: #987654."]}
    moved = c.patch(f"/cohorts/api/v1/people/{person.json['id']}", json={"organisation_id": None, "position": "директор"}, headers=h)
    assert moved.status_code == 200 and (moved.json["organisation_id"], moved.json["position"]) == (None, "директор")
    erased = c.post(f"/cohorts/api/v1/people/{person.json['id']}/erasure", headers=h)
    assert erased.status_code == 200 and erased.json["position"] is None


def test_the_register_page_finds_registers_and_refuses_in_russian(system):
    import re

    page = system.app("cohorts").test_client()
    coordinator = create_account(system, name="Координатор")
    with page.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    html = page.get("/cohorts/organisations").text
    assert "Организации (0)" in html and "Новая организация" in html
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    token_value = csrf.group(1) or csrf.group(2)
    form = {"csrf_token": token_value, "name": "Клуб «Родник»", "kind": "initiative_group", "inn": "7707083894", "settlement": "п. Лазо"}
    wrong = page.post("/cohorts/organisations", data=form)
    assert wrong.status_code == 422 and "Неверная контрольная цифра ИНН: проверьте номер." in wrong.text
    assert 'value="Клуб «Родник»"' in wrong.text  # what was typed stays
    done = page.post("/cohorts/organisations", data={**form, "inn": ""}, follow_redirects=True)
    assert "Организация зарегистрирована: Клуб «Родник»." in done.text and "инициативная группа" in done.text
    twin = page.post("/cohorts/organisations", data={**form, "inn": "", "name": "клуб родник"}, follow_redirects=True)
    assert "Проверьте, не зарегистрирована ли она уже: Клуб «Родник»" in twin.text
    found = page.get("/cohorts/organisations?q=родник").text  # any part of the name, case and quotes aside
    assert "Организации (2)" in found and found.count("<li><strong>") == 2
    assert "Организации (0)" in page.get("/cohorts/organisations?q=родник&kind=business").text


def test_two_records_of_one_organisation_are_merged_after_a_preview_and_its_people_follow(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    kept = c.post(API, json={"name": "Ресурсный центр", "kind": "ngo", "settlement": "с. Мильково"}, headers=h).json
    twin = c.post(API, json={"name": "РЦ Мильково", "kind": "ngo", "inn": VALID_INN}, headers=h).json
    person = c.post("/cohorts/api/v1/people", json={"full_name": "Ольга Лаврова", "email": "olga@example.ru",
                                                    "organisation_id": twin["id"], "position": "бухгалтер"}, headers=h).json
    preview = c.get(f"{API}/{twin['id']}/merge-preview", query_string={"into": kept["id"]}, headers=h)
    assert preview.status_code == 200
    assert (preview.json["people"], preview.json["fills"]) == (1, {"inn": VALID_INN})
    assert c.get(f"{API}/{kept['id']}", headers=h).json["inn"] is None  # a preview changes nothing

    done = c.post(f"{API}/{twin['id']}/merge", json={"into": kept["id"]}, headers=h)
    assert done.status_code == 200 and (done.json["id"], done.json["inn"]) == (kept["id"], VALID_INN)
    assert c.get(f"/cohorts/api/v1/people/{person['id']}", headers=h).json["organisation_id"] == kept["id"]
    folded = c.get(f"{API}/{twin['id']}", headers=h).json
    assert folded["merged_into_id"] == kept["id"]
    assert [o["id"] for o in c.get(API, headers=h).json["items"]] == [kept["id"]]  # the folded record is out of the register
    # the INN is the kept record's now: registering it again names the kept one
    again = c.post(API, json={"name": "Ещё раз", "kind": "ngo", "inn": VALID_INN}, headers=h)
    assert again.status_code == 409 and f"(#{kept['id']})" in again.json["errors"]["inn"][0]
    assert c.post(f"{API}/{kept['id']}/merge", json={"into": kept["id"]}, headers=h).status_code == 422
    assert c.post(f"{API}/{twin['id']}/merge", json={"into": kept["id"]}, headers=h).status_code == 409


def test_the_register_is_announced_by_events_through_the_outbox(system):
    import json

    import sqlalchemy as sa

    c, h = system.client("cohorts"), coordinator_headers(system)
    one = c.post(API, json={"name": "Клуб «Родник»", "kind": "initiative_group", "settlement": "п. Лазо"}, headers=h).json
    two = c.post(API, json={"name": "Родник", "kind": "ngo", "inn": VALID_INN}, headers=h).json
    c.patch(f"{API}/{one['id']}", json={"kind": "ngo"}, headers=h)
    c.post(f"{API}/{two['id']}/merge", json={"into": one["id"]}, headers=h)
    t = system.runtime("cohorts").tables.outbox
    with system.runtime("cohorts").engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.routing_key, t.c.body).where(t.c.routing_key.like("cohorts.organisation.%"))
                            .order_by(t.c.id)).all()
    bodies = [(key, json.loads(body)["data"]) for key, body in rows]
    assert [key for key, _ in bodies] == ["cohorts.organisation.registered", "cohorts.organisation.registered",
                                          "cohorts.organisation.updated", "cohorts.organisation.merged",
                                          "cohorts.organisation.updated"]
    assert bodies[2][1] == {"id": one["id"], "name": "Клуб «Родник»", "kind": "ngo", "inn": None, "settlement": "п. Лазо"}
    assert bodies[3][1] == {"id": one["id"], "merged_id": two["id"]}
    assert bodies[4][1]["inn"] == VALID_INN  # the kept record took the folded one's INN
