from pathlib import Path

import click

from services.cohorts.runtime import build_runtime
from shared.cli import make_cli

def _first_coordinator(runtime):
    from services.cohorts.accounts.bootstrap import ensure_first_coordinator

    return ensure_first_coordinator(runtime)


# after migrating, the first coordinator is created from ROSTOK_ADMIN_EMAIL / ROSTOK_ADMIN_PASSWORD
cli = make_cli("cohorts", build_runtime, Path(__file__).parent / "migrations", after_migrate=_first_coordinator)


@cli.command("ensure-admin", help="Create the first coordinator (ROSTOK_ADMIN_EMAIL/PASSWORD, or generated).")
@click.pass_context
def ensure_admin(ctx):
    from services.cohorts.accounts.bootstrap import ensure_first_coordinator

    message = ensure_first_coordinator(build_runtime(ctx.obj))
    click.echo(message)


if __name__ == "__main__":
    cli()
