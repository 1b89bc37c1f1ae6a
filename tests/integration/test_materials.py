"""Materials of events on the real servers: a document in Kazakh, a link in Russian, on the programme's public page by
language; a file that is not a document, or is too large, refused before anything is stored."""
from __future__ import annotations

import io

import sqlalchemy as sa

from services.cohorts.materials.models import Material
from tests.support.api import coordinator_headers, setup_cohort


def _count(system) -> int:
    with system.runtime("cohorts").engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(Material.__table__)).scalar_one()


def test_an_events_materials_are_documents_or_links_listed_by_language_on_the_public_page(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    program_id = ids["program"]["id"]
    seminar = c.post("/cohorts/api/v1/events", json={
        "program_id": program_id, "kind": "training", "title": "Тренинг для сельских НКО", "starts_at": "2027-03-10T04:00:00+00:00",
        "duration_minutes": 240, "registration": "closed"}, headers=h)
    assert seminar.status_code == 201, seminar.json
    base = f"/cohorts/api/v1/events/{seminar.json['id']}/materials"
    pdf = b"%PDF-1.4\n% manual\n" + b"0" * 2048

    def upload(name, content, language="kk", title="Ауылдық ҮЕҰ-ға арналған нұсқаулық"):
        return c.post(f"{base}/file", data={"title": title, "language": language, "file": (io.BytesIO(content), name)},
                      headers=h, content_type="multipart/form-data")

    program = upload("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100)  # a program named like a document
    assert program.status_code == 422 and program.json["errors"] == {
        "file": ["Это не документ: только файлы PDF, Word, Excel, PowerPoint или OpenDocument."]}
    huge = upload("big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))
    assert huge.status_code == 422 and huge.json["errors"] == {"file": ["Файл больше 10 МБ: дайте на него ссылку."]}
    unknown = upload("manual.pdf", pdf, language="de")
    assert unknown.status_code == 422 and list(unknown.json["errors"]) == ["language"]
    assert _count(system) == 0  # nothing stored

    made = upload("Нұсқаулық.pdf", pdf)
    assert made.status_code == 201 and (made.json["content_type"], made.json["size"]) == ("application/pdf", len(pdf))
    link = c.post(base, json={"title": "Запись тренинга", "language": "ru", "url": "https://video.example.org/training"}, headers=h)
    assert link.status_code == 201 and link.json["url"] == "https://video.example.org/training"
    bad_link = c.post(base, json={"title": "x", "language": "ru", "url": "javascript:alert(1)"}, headers=h)
    assert bad_link.status_code == 422 and list(bad_link.json["errors"]) == ["url"]

    public = c.get(f"/cohorts/public/programs/{program_id}").get_data(as_text=True)
    assert "Қазақша" in public and "Русский" in public and "Ауылдық ҮЕҰ-ға арналған нұсқаулық" in public
    assert public.index('id="materials-kk"') > public.index("Қазақша") and "https://video.example.org/training" in public
    download = c.get(made.json["url"])  # public: a programme's manuals are for anyone
    assert download.status_code == 200 and download.data == pdf and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert c.get(f"/cohorts/api/v1/materials/{link.json['id']}/file").status_code == 404  # a link has no file

    from tests.support.web import coordinator_client, form_token

    browser = coordinator_client(system, "cohorts")
    event_page = browser.get(f"/cohorts/events/{seminar.json['id']}").get_data(as_text=True)
    assert f"/cohorts/events/{seminar.json['id']}/materials" in event_page and "Материалов: 2." in event_page
    page = browser.get(f"/cohorts/events/{seminar.json['id']}/materials").get_data(as_text=True)
    added = browser.post(f"/cohorts/events/{seminar.json['id']}/materials", data={
        "csrf_token": form_token(page), "title": "Слайды", "language": "ru", "url": "",
        "file": (io.BytesIO(b"PK\x03\x04" + b"\x00" * 64), "slides.pptx")}, content_type="multipart/form-data")
    assert added.status_code == 303 and _count(system) == 3
    refused = browser.post(f"/cohorts/events/{seminar.json['id']}/materials", data={
        "csrf_token": form_token(page), "title": "Вирус", "language": "ru", "file": (io.BytesIO(b"MZ" + b"\x00" * 64), "slides.pptx")},
        content_type="multipart/form-data")
    assert refused.status_code == 422 and "Это не документ" in refused.get_data(as_text=True) and _count(system) == 3
