"""The steps the browser journeys share, as a person does them: sign in, open a page from the menu, fill a form by its
labels, lose the network and get it back, read what the page says back."""
from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Locator, Page, expect


def sign_in(page: Page, live: str, account: dict) -> None:
    """Sign in on the Russian sign-in page, as a person would."""
    page.goto(f"{live}/cohorts/sign-in")
    page.get_by_label("Электронная почта").fill(account["email"])
    page.get_by_label("Пароль").fill(account["password"])
    page.get_by_role("button", name="Войти").click()


def open_by_menu(page: Page, label: str) -> None:
    """Open a section from the top menu (on a phone the menu folds behind its button)."""
    toggle = page.locator("[data-menu-toggle]")
    if toggle.count() and toggle.first.is_visible():
        toggle.first.click()
    page.locator("#main-nav").get_by_role("link", name=label, exact=True).click()


def fill_form(form: Page | Locator, fields: dict[str, str | bool]) -> None:
    """Fill fields found by their visible labels: text is typed, a select takes the option with that text, a checkbox
    is ticked (True) or cleared (False)."""
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        kind = field.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind.startswith("select"):
            field.select_option(label=str(value))
        elif kind == "input:checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))


def go_offline(page: Page | BrowserContext) -> None:
    """The phone (a page, or every page of a browser) loses the network: a cellar, a hall's weak signal. Pages already
    open keep working on their own."""
    (page.context if isinstance(page, Page) else page).set_offline(True)


def back_online(page: Page | BrowserContext) -> None:
    (page.context if isinstance(page, Page) else page).set_offline(False)


def flash(page: Page) -> Locator:
    """The messages the page says back after an action (saved, refused and why)."""
    return page.locator(".flash")


def expect_flash(page: Page, text: str | re.Pattern) -> None:
    expect(flash(page).filter(has_text=text).first).to_be_visible()
