"""The funder's report on a phone (360 px): open it, follow a figure to the records behind it, download the workbook;
the charts are photographed into test-artifacts/ to be looked at."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.browser.pages import sign_in
from tests.support.report import world  # noqa: F401  (the hand-built programme, a fixture)
from tests.support.api import create_account

CHARTS = ("progress", "territory", "months", "mentors", "projects")


def test_the_report_on_a_phone_from_figure_to_records_to_workbook(system, live, page, world, artifacts, request):  # noqa: F811
    sign_in(page, live, create_account(system, name="Координатор"))
    page.goto(f"{live}/cohorts/programs/{world['program']}/report")
    assert page.locator("h1").inner_text() == "Отчёт для грантодателя"
    # nothing runs past the phone's width
    page.screenshot(path=str(artifacts / f"{request.node.name}-page.png"), full_page=True)
    wide = page.evaluate("""[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + "." + e.className + "#" + e.id).slice(0, 12)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    for key in CHARTS:
        chart = page.locator(f"#chart-{key} svg")
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box and 200 < box["width"] <= 360 and box["height"] > 20, key
        page.locator(f"#chart-{key}").screenshot(path=str(artifacts / f"{request.node.name}-chart-{key}.png"))
    page.screenshot(path=str(artifacts / f"{request.node.name}-page.png"), full_page=True)
    kinds = page.locator("#funds-by-partner-kind")
    kinds.scroll_into_view_if_needed()
    assert kinds.bounding_box()["width"] <= 360
    kinds.screenshot(path=str(artifacts / f"{request.node.name}-funds-by-partner-kind.png"))

    figure = page.locator('#indicators tr[data-indicator="participants"] a.figure-link')
    assert figure.inner_text() == "4"
    figure.click()
    page.wait_for_url("**/report/records/participants")
    assert page.locator("#records-total").inner_text() == "4" and page.locator("#records li").count() == 4
    assert "Удалённые данные (учтён, без имени)" in page.locator("#records").inner_text()
    page.screenshot(path=str(artifacts / f"{request.node.name}-records.png"), full_page=True)

    page.locator("#to-report").click()
    page.wait_for_url(f"**/cohorts/programs/{world['program']}/report")
    with page.expect_download() as info:
        page.locator("#xlsx-link").click()
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert book.worksheets[0].cell(row=6, column=3).value == 4  # participants, achieved

    page.goto(f"{live}/cohorts/cohorts/{world['A']}/report/print")
    assert page.locator(".topbar").count() == 0 and "Поток: Весна" in page.locator("body").inner_text()
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / f"{request.node.name}-print.png"), full_page=True)
