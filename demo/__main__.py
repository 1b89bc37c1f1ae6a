"""``python -m demo``: load the demonstration programme into a running Rostok and say how to sign in.

The coordinator's e-mail and password come from ROSTOK_DEMO_EMAIL / ROSTOK_DEMO_PASSWORD, else from the first
coordinator that ``make run`` made (var/first-coordinator.txt), else from ROSTOK_ADMIN_EMAIL / ROSTOK_ADMIN_PASSWORD.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import click

from demo.client import Api, ApiError
from demo.load import Loader


def _coordinator(var_dir: Path) -> tuple[str, str]:
    if os.environ.get("ROSTOK_DEMO_EMAIL") and os.environ.get("ROSTOK_DEMO_PASSWORD"):
        return os.environ["ROSTOK_DEMO_EMAIL"], os.environ["ROSTOK_DEMO_PASSWORD"]
    first = var_dir / "first-coordinator.txt"
    if first.exists():
        lines = first.read_text(encoding="utf-8").splitlines()
        return lines[0].strip(), lines[1].strip()
    if os.environ.get("ROSTOK_ADMIN_EMAIL") and os.environ.get("ROSTOK_ADMIN_PASSWORD"):
        return os.environ["ROSTOK_ADMIN_EMAIL"], os.environ["ROSTOK_ADMIN_PASSWORD"]
    raise click.UsageError(f"no coordinator to sign in as: set ROSTOK_DEMO_EMAIL and ROSTOK_DEMO_PASSWORD ({first} is missing)")


@click.command()
@click.option("--url", default=lambda: os.environ.get("ROSTOK_PUBLIC_URL", "http://127.0.0.1:8000"), show_default="ROSTOK_PUBLIC_URL",
              help="Where Rostok answers (all three services behind one URL).")
@click.option("--var-dir", type=click.Path(path_type=Path), default=lambda: os.environ.get("ROSTOK_VAR_DIR", "var"),
              help="Where the first coordinator's file is, and where the demo accounts' passwords are kept.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The date the demo season ends before (default: today).")
@click.option("--status-file", type=click.Path(path_type=Path), default=None, hidden=True,
              help="Where to write 'ok' or 'failed' at the end (the coordinator's button reads it).")
def main(url: str, var_dir: Path, today, status_file: Path | None) -> None:
    """Load a demonstration programme (Kamchatka, 7 teams, school, mentoring, fair) and a resource centre's year into a running Rostok."""
    token = os.environ.get("ROSTOK_DEMO_TOKEN")  # the button: the coordinator who pressed it
    email, password = ("", "") if token else _coordinator(var_dir)
    started = time.monotonic()
    try:
        api = Api(url, token) if token else Api(url).signed_in(email, password)
        loader = Loader(api, today=(today.date() if today else dt.date.today()), passwords_file=var_dir / "demo-accounts.txt")
        loaded = loader.run()
    except (ApiError, TimeoutError, OSError, ValueError) as exc:
        click.echo(f"Демо-программа не загружена: {exc}", err=True)
        if status_file:
            status_file.write_text("failed")
        sys.exit(1)
    if status_file:
        status_file.write_text("ok")
    seconds = time.monotonic() - started
    if loaded.created:
        click.echo(f"Демо-программа загружена за {seconds:.0f} с:")
        for what, n in loaded.created.items():
            click.echo(f"  {what}: {n}")
    else:
        click.echo("Демо-программа уже загружена: ничего не добавлено.")
    base = url.rstrip("/")
    click.echo("")
    click.echo(f"  Программа: {base}/cohorts/programs/{loaded.programme_id}/report")
    click.echo(f"  Поток:     {base}/cohorts/cohorts/{loaded.cohort_id}/teams")
    click.echo(f"  Ярмарка:   {base}/fairs/{loaded.fair_id}/results")
    if loaded.centre_id:
        click.echo(f"  Ресурсный центр, охват: {base}/cohorts/reach?program_id={loaded.centre_id}")
        click.echo(f"  Публичная страница:     {base}/cohorts/public/programs/{loaded.centre_id}")
    click.echo("")
    if email:
        first = var_dir / "first-coordinator.txt"
        where = f"пароль в {first}" if first.exists() and first.read_text(encoding="utf-8").startswith(email) else "ваш пароль"
        click.echo(f"  Координатор: {email} ({where})")
    for account_email, (what, pw) in loaded.accounts.items():
        click.echo(f"  {what}:\n    {account_email}  пароль: {pw or 'см. ' + str(var_dir / 'demo-accounts.txt')}")


if __name__ == "__main__":
    main()
