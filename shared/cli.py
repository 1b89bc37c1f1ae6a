"""The command line every service shares: ``python -m services.<svc> <command>``."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable

import click
import sqlalchemy as sa

from shared import logs
from shared.config import Settings
from shared.runtime import Runtime

OUTBOUND = "out:"  # how ``dead-letters`` names a parked outbox row


def make_cli(
    service: str,
    build_runtime: Callable[[Settings], Runtime],
    migrations_dir: Path,
    after_migrate: Callable[[Runtime], str] | None = None,
) -> click.Group:
    @click.group(help=f"Rostok {service} service")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        settings = Settings.from_env(service)
        logs.configure(service, ctx.invoked_subcommand or "cli", level=settings.log_level, fmt=settings.log_format)
        ctx.obj = settings

    def runtime(ctx: click.Context) -> Runtime:
        return build_runtime(ctx.obj)

    @cli.command(help="Apply the database migrations.")
    @click.pass_context
    def migrate(ctx):
        import logging

        logging.getLogger("alembic").setLevel(logging.WARNING)  # before import: it logs while loading
        from shared.migrate import upgrade

        upgrade(migrations_dir, ctx.obj.database_url)
        click.echo(f"{service}: database at head")
        if after_migrate is not None:
            click.echo(after_migrate(runtime(ctx)))

    @cli.command(help="Run the outbox relay and the event consumer.")
    @click.pass_context
    def worker(ctx):
        from shared.worker import run_worker

        run_worker(runtime(ctx))

    @cli.command("check-worker", help="Exit 0 when a worker of this service beat in the last minute.")
    @click.pass_context
    def check_worker(ctx):
        from shared.worker import check_worker as check

        ok = check(runtime(ctx))
        click.echo("alive" if ok else "no recent heartbeat")
        sys.exit(0 if ok else 1)

    @cli.group("dead-letters", help="List, inspect and replay events this service failed to apply.")
    def dead_letters():
        pass

    @dead_letters.command("list")
    @click.option("--status", type=click.Choice(["dead", "retrying", "resolved", "all"]), default="dead")
    @click.pass_context
    def list_(ctx, status):
        """Events this service failed to apply, then (as out:<id>) its own events it could not publish."""
        rt = runtime(ctx.parent)
        f = rt.tables.failed
        query = sa.select(f).order_by(f.c.id)
        if status != "all":
            query = query.where(f.c.status == status)
        with rt.engine.connect() as conn:
            rows = conn.execute(query).all()
        for r in rows:
            error = r.last_error.splitlines()[-1][:100] if r.last_error else ""
            click.echo(f"{r.id}\t{r.status}\t{r.attempts}\t{r.routing_key}\t{r.event_id}\t{error}")
        parked = rt.relay().parked() if status in ("dead", "all") else []
        for r in parked:
            click.echo(
                f"{OUTBOUND}{r.id}\tdead outbound\t{r.attempts}\t{r.routing_key}\t{r.event_id}\t"
                f"not published after {r.attempts} attempts (the worker's log has each error)"
            )
        click.echo(f"{len(rows) + len(parked)} event(s)", err=True)

    @dead_letters.command("show")
    @click.argument("failed_id", type=int)
    @click.pass_context
    def show(ctx, failed_id):
        rt = runtime(ctx.parent)
        f = rt.tables.failed
        with rt.engine.connect() as conn:
            r = conn.execute(sa.select(f).where(f.c.id == failed_id)).first()
        if r is None:
            raise click.ClickException(f"no failed event #{failed_id}")
        try:
            body = json.dumps(json.loads(r.body), ensure_ascii=False, indent=2)
        except ValueError:
            body = r.body
        click.echo(
            f"id: {r.id}\nevent: {r.event_id}\ntype: {r.routing_key}\nstatus: {r.status}\n"
            f"attempts: {r.attempts}\nfirst failed: {r.first_failed_at}\nupdated: {r.updated_at}\n"
            f"error:\n{r.last_error}\nbody:\n{body}"
        )

    @dead_letters.command("collect")
    @click.pass_context
    def collect(ctx):
        """Take this service's messages out of the broker's dead-letter queue into its table.

        The broker dead-letters a message only after many deliveries without an
        ack (a consumer that dies on it each time); collected, it is listed,
        shown and replayed like any other dead event. Each service has its own
        dead-letter queue: other services' messages are never taken or held.
        """
        from shared.events.topology import for_connection

        rt = runtime(ctx.parent)
        applier = rt.applier()
        with rt.broker_connection() as connection:
            topology = for_connection(rt.settings.broker_prefix, connection)
            if not topology.amqp:
                click.echo("the filesystem transport has no dead-letter queue: nothing to collect")
                return
            topology.declare(connection)
            channel = connection.channel()
            queue = topology.dead_queue(rt.service)(channel)  # this service's own: nothing of another's is taken
            taken = 0
            try:
                while (message := queue.get(no_ack=False)) is not None:
                    deaths = (message.headers or {}).get("x-death") or []
                    origin = deaths[0].get("queue") if deaths else "?"
                    reason = deaths[0].get("reason", "?") if deaths else "?"
                    outcome = applier.record_dead(message.body, f"dead-lettered by the broker ({reason}, from {origin})")
                    message.ack()  # kept in our table first
                    taken += 1
                    click.echo(f"{message.properties.get('message_id') or '?'}\t{outcome}")
            finally:
                channel.close()
        click.echo(f"{taken} message(s) collected", err=True)

    @dead_letters.command("replay")
    @click.argument("failed_ids", nargs=-1)
    @click.option("--all", "replay_all", is_flag=True, help="Replay every dead event, outbound ones included.")
    @click.pass_context
    def replay(ctx, failed_ids, replay_all):
        """Apply dead events again (ids from ``list``); ``out:<id>`` hands a parked outbound event back to the relay."""
        rt = runtime(ctx.parent)
        f = rt.tables.failed
        relay = rt.relay()
        if replay_all:
            with rt.engine.connect() as conn:
                failed_ids = [r.id for r in conn.execute(sa.select(f.c.id).where(f.c.status == "dead").order_by(f.c.id))]
            failed_ids += [f"{OUTBOUND}{r.id}" for r in relay.parked()]
        if not failed_ids:
            raise click.UsageError("give failed event ids or --all")
        applier = rt.applier()
        bad = 0
        for given in failed_ids:
            given = str(given)
            if given.startswith(OUTBOUND):
                outbox_id = given[len(OUTBOUND):]
                if outbox_id.isdigit() and relay.unpark(int(outbox_id)):
                    click.echo(f"{given}\tback in the outbox")
                else:
                    click.echo(f"{given}\tnot found (no unsent outbox row)")
                    bad += 1
                continue
            if not given.isdigit():
                raise click.UsageError(f"not an id: {given}")
            failed_id = int(given)
            try:
                outcome = applier.replay(failed_id)
            except LookupError as exc:
                click.echo(f"{failed_id}\tnot found ({exc})")
                bad += 1
                continue
            click.echo(f"{failed_id}\t{outcome.status}" + (f"\t{outcome.error}" if outcome.error else ""))
            bad += outcome.status not in ("applied", "ignored", "duplicate")
        sys.exit(1 if bad else 0)

    return cli
