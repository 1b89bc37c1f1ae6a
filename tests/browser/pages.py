"""Steps the browser journeys share."""
from __future__ import annotations


def sign_in(page, live: str, account: dict) -> None:
    """Sign in on the Russian sign-in page, as a person would."""
    page.goto(f"{live}/cohorts/sign-in")
    page.get_by_label("Электронная почта").fill(account["email"])
    page.get_by_label("Пароль").fill(account["password"])
    page.get_by_role("button", name="Войти").click()
