"""The event backbone on real PostgreSQL and RabbitMQ: outbox, relay, consumer, retries, dead letters."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from services.consultations.runtime import build_runtime as consultations_runtime
from shared.cli import make_cli
from shared.events import broker, envelope
from shared.events.topology import for_connection
from shared.web.access import PUBLIC, allow
from tests.support.api import coordinator_headers, register_team, setup_cohort
from tests.support.events import (count, dead_letter_queue_depth, publish_bodies, publish_raw, queue_depth,
    replica_teams, team_event)
from tests.support.proxy import TcpProxy
from tests.support.system import ROOT, WorkerThread, env_for, wait_until


def test_a_rolled_back_request_publishes_nothing(system):
    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    from services.cohorts.app import create_app
    from services.cohorts.teams import operations
    from shared.web.boundary import current_uow

    app = create_app(system.settings("cohorts"))

    @app.post("/cohorts/api/v1/test-fails-after-publishing")
    @allow(PUBLIC)
    def fails_after_publishing():
        operations.register_team(
            current_uow(), ids["cohort"]["id"], {"name": "Откат", "kind": "ngo", "territory_id": ids["territory"]["id"]}
        )
        raise RuntimeError("the request fails after the event was staged")

    cohorts = system.runtime("cohorts")
    before = count(cohorts, cohorts.tables.outbox)
    response = app.test_client().post("/cohorts/api/v1/test-fails-after-publishing")
    assert response.status_code == 500
    assert response.json["message"]
    assert count(cohorts, cohorts.tables.outbox) == before
    assert count(cohorts, cohorts.tables.outbox, cohorts.tables.outbox.c.routing_key == "cohorts.team.registered") == 0
    # and nothing reaches a consumer: the relay sends what there is, no team among it
    assert cohorts.relay().drain() == before
    with WorkerThread(system.runtime("consultations")):
        consultations = system.runtime("consultations")
        wait_until(lambda: count(consultations, consultations.tables.inbox) == 2, message="the account and cohort events")
    assert replica_teams(system) == []


def test_broker_unreachable_during_writes_then_every_event_arrives_once(system):
    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    amqp = urlparse(system.amqp_url)
    proxy = TcpProxy(amqp.hostname, amqp.port or 5672)
    proxied_url = system.amqp_url.replace(f"{amqp.hostname}:{amqp.port or 5672}", f"127.0.0.1:{proxy.port}")
    from services.cohorts.runtime import build_runtime

    cohorts = build_runtime(system.settings("cohorts", broker_url=proxied_url))
    consultations = system.runtime("consultations")
    try:
        with WorkerThread(cohorts), WorkerThread(consultations):
            wait_until(lambda: count(consultations, consultations.tables.inbox) >= 2, message="setup events")
            proxy.cut()
            teams = [
                register_team(system, headers, ids["cohort"]["id"], ids["territory"]["id"], f"Команда {i}")
                for i in range(25)
            ]  # every request succeeds with the broker unreachable
            assert len(teams) == 25
            outbox = cohorts.tables.outbox
            assert count(cohorts, outbox, outbox.c.sent_at.is_(None)) >= 25
            assert len(replica_teams(system)) == 0
            proxy.restore()
            wait_until(lambda: len(replica_teams(system)) == 25, timeout=90, message="all 25 teams in the replica")
            wait_until(lambda: count(cohorts, outbox, outbox.c.sent_at.is_(None)) == 0, message="outbox drained")
        inbox = consultations.tables.inbox
        assert count(consultations, inbox, inbox.c.routing_key == "cohorts.team.registered") == 25
        assert count(consultations, consultations.tables.failed) == 0
        assert sorted(t["name"] for t in replica_teams(system)) == sorted(t["name"] for t in teams)
    finally:
        proxy.close()
        cohorts.dispose()


def test_the_same_event_delivered_three_times_has_one_effect(system):
    runtime = consultations_runtime(system.settings("consultations"))
    calls = []
    original = runtime.handlers["cohorts.team.registered"]
    runtime.handlers["cohorts.team.registered"] = lambda uow, env: (calls.append(env.id), original(uow, env))
    env = team_event(101, "Эссо", 1)
    publish_raw(system, env, env, env)
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, runtime.tables.inbox) == 1, message="the event applied")
        wait_until(lambda: queue_depth(system, "consultations") == 0, message="three deliveries consumed")
    assert calls == [env.id]
    assert [t["name"] for t in replica_teams(system)] == ["Эссо"]
    runtime.dispose()


def test_events_of_one_entity_out_of_order_newest_wins(system):
    runtime = system.runtime("consultations")
    newest = team_event(7, "Третье имя", 3, "updated")
    first = team_event(7, "Первое имя", 1)
    second = team_event(7, "Второе имя", 2, "updated")
    publish_raw(system, newest, first, second)
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, runtime.tables.inbox) == 3, message="three events processed")
    [team] = replica_teams(system)
    assert (team["name"], team["version"]) == ("Третье имя", 3)


def test_poison_message_retried_then_dead_then_replayed_once(system):
    runtime = consultations_runtime(system.settings("consultations"))
    original = runtime.handlers["cohorts.team.registered"]
    attempts = []

    def broken(uow, env):
        if env.data["name"] == "Яд":
            attempts.append(dt.datetime.now())
            raise ValueError("cannot apply this team yet")
        original(uow, env)

    runtime.handlers["cohorts.team.registered"] = broken
    poison, good = team_event(1, "Яд", 1), team_event(2, "Хорошая", 1)
    publish_raw(system, poison, good)
    failed = runtime.tables.failed
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, failed, failed.c.status == "dead") == 1, message="the poison marked dead")
        wait_until(lambda: queue_depth(system, "consultations") == 0, message="both messages acked")
    assert len(attempts) == runtime.settings.consumer_max_attempts == 3
    assert [t["name"] for t in replica_teams(system)] == ["Хорошая"]
    assert dead_letter_queue_depth(system) == 0  # handled in our tables, not left to the broker

    # the fix ships: the replay tool, with the service's normal handlers, applies it once
    settings = system.settings("consultations")
    cli = make_cli("consultations", lambda _s: consultations_runtime(settings), ROOT / "services/consultations/migrations")
    env = env_for(settings)
    listed = CliRunner().invoke(cli, ["dead-letters", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "cohorts.team.registered" in listed.output and "cannot apply this team yet" in listed.output
    failed_id = int(listed.output.split("\t", 1)[0])
    shown = CliRunner().invoke(cli, ["dead-letters", "show", str(failed_id)], env=env)
    assert "Яд" in shown.output and "ValueError" in shown.output
    replayed = CliRunner().invoke(cli, ["dead-letters", "replay", "--all"], env=env)
    assert replayed.exit_code == 0, replayed.output
    assert f"{failed_id}\tapplied" in replayed.output
    again = CliRunner().invoke(cli, ["dead-letters", "replay", str(failed_id)], env=env)
    assert f"{failed_id}\tduplicate" in again.output
    assert sorted(t["name"] for t in replica_teams(system)) == ["Хорошая", "Яд"]
    assert count(runtime, failed, failed.c.status == "resolved") == 1
    assert count(runtime, runtime.tables.inbox) == 2
    runtime.dispose()


def _dead_letter_by_the_broker(system, service: str) -> None:
    """Take the service's next message and never ack it, as a worker that crashes on it would, until RabbitMQ gives up."""
    from shared.events.topology import BROKER_DELIVERY_LIMIT

    settings = system.settings(service)
    with broker.connect(settings) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        for _ in range(BROKER_DELIVERY_LIMIT + 1):
            channel = connection.channel()
            message = topology.queue(service)(channel).get(no_ack=False)
            if message is None:
                break
            message.requeue()
            channel.close()


def test_a_body_that_fails_its_contract_is_refused_both_ways(system):
    with pytest.raises(envelope.ContractError):
        envelope.build("cohorts.team.registered", {"id": 1, "name": "без когорты"}, producer="cohorts", entity_version=1, correlation_id=None)
    with pytest.raises(envelope.ContractError):
        envelope.build("cohorts.team.registered", {"id": 1, "cohort_id": 1, "name": "x", "kind": "ngo"}, producer="fairs", entity_version=1, correlation_id=None)
    runtime = system.runtime("consultations")
    bad = team_event(5, "Плохая", 1).to_json().replace('"kind":"ngo"', '"kind":"club"')
    publish_bodies(system, [("cohorts.team.registered", bad)])
    failed = runtime.tables.failed
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, failed, failed.c.status == "dead") == 1, message="refused at once")
    assert replica_teams(system) == []
    assert count(runtime, runtime.tables.inbox) == 0


def test_the_correlation_id_follows_the_event_from_request_to_consumer(system):
    from shared import logs

    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    seen = []
    runtime = consultations_runtime(system.settings("consultations"))
    original = runtime.handlers["cohorts.team.registered"]
    runtime.handlers["cohorts.team.registered"] = lambda uow, env: (seen.append(logs.correlation_id()), original(uow, env))
    r = system.client("cohorts").post(
        f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams",
        json={"name": "Эссо", "kind": "ngo", "territory_id": ids["territory"]["id"]},
        headers={**headers, "X-Request-ID": "req-from-a-phone-42"},
    )
    assert r.headers["X-Request-ID"] == "req-from-a-phone-42"
    with WorkerThread(system.runtime("cohorts")), WorkerThread(runtime):
        wait_until(lambda: seen, message="the team event consumed")
    assert seen == ["req-from-a-phone-42"]
    runtime.dispose()


def test_two_relays_at_once_send_each_row_once(system):
    import threading

    from services.cohorts.programs import operations as programs
    from services.cohorts.teams import operations as teams

    cohorts = system.runtime("cohorts")
    with cohorts.uow() as uow:
        program = programs.create_program(uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 2, 1)})
        cohort = programs.create_cohort(uow, program_id=program.id, name="К")
        territory = programs.create_territory(uow, district="Мильковский МР", settlement="с. Кирганик")
        for i in range(600):
            teams.register_team(uow, cohort.id, {"name": f"Т{i}", "kind": "ngo", "territory_id": territory.id})
        uow.commit()
    relays = [cohorts.relay(batch_size=50, name=f"relay-{i}") for i in range(2)]
    sent = [0, 0]

    def drain(i):
        sent[i] = relays[i].drain()

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(sent) == 601 and min(sent) > 0, sent  # both worked, and no row went twice
    wait_until(lambda: queue_depth(system, "consultations") == 601, message="601 messages in the queue")
    for relay in relays:
        relay._drop_publisher()


def test_the_relay_wakes_on_notify_rather_than_its_fallback_poll(system):
    """With a 60-second fallback poll, an event still arrives at once: the commit's NOTIFY woke the relay."""
    import time

    from services.cohorts.runtime import build_runtime

    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    cohorts = build_runtime(system.settings("cohorts", relay_poll_seconds=60.0))
    consultations = system.runtime("consultations")
    with WorkerThread(cohorts), WorkerThread(consultations):
        wait_until(lambda: count(consultations, consultations.tables.inbox) >= 2, message="the setup events")
        time.sleep(1.0)  # the relay is now waiting on LISTEN
        register_team(system, headers, ids["cohort"]["id"], ids["territory"]["id"], "Разбуженная")
        # far below the 60 s poll: only the NOTIFY can explain it
        wait_until(lambda: [t["name"] for t in replica_teams(system)] == ["Разбуженная"], timeout=15, message="the team via NOTIFY")
    cohorts.dispose()


def test_idle_connections_answer_heartbeats_and_stay_open(system):
    """A quiet evening between two events: with a two-second heartbeat, nothing has to reconnect."""
    import time

    from services.cohorts.runtime import build_runtime

    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    runtimes = {
        "cohorts": build_runtime(system.settings("cohorts", broker_heartbeat_seconds=2)),
        "consultations": consultations_runtime(system.settings("consultations", broker_heartbeat_seconds=2)),
    }
    opened = {name: 0 for name in runtimes}

    def counting(name, runtime):
        def connection():
            opened[name] += 1
            return broker.connect(runtime.settings)
        return connection

    for name, runtime in runtimes.items():
        runtime.broker_connection = counting(name, runtime)
    consultations = runtimes["consultations"]
    with WorkerThread(runtimes["cohorts"]), WorkerThread(consultations):
        wait_until(lambda: count(consultations, consultations.tables.inbox) >= 2, message="the setup events")
        before = dict(opened)
        time.sleep(8)  # four heartbeat intervals with nothing to send or take
        register_team(system, headers, ids["cohort"]["id"], ids["territory"]["id"], "После тишины")
        wait_until(lambda: [t["name"] for t in replica_teams(system)] == ["После тишины"], message="the team after the quiet")
        assert opened == before, f"connections reopened during the quiet: {before} -> {opened}"
    for runtime in runtimes.values():
        runtime.dispose()


def test_what_the_broker_dead_letters_is_collected_then_replayed(system):
    """A consumer that dies on a message every time: RabbitMQ gives up after its delivery limit,
    and the operator's tool brings the message back into the service's own table for replay.
    Each service has its own dead-letter queue: one service's collect never takes or holds another's."""
    settings = system.settings("consultations")
    publish_raw(system, team_event(7, "Из очереди мёртвых", 1))  # both consultations and fairs take team events
    _dead_letter_by_the_broker(system, "consultations")
    _dead_letter_by_the_broker(system, "fairs")
    wait_until(lambda: dead_letter_queue_depth(system, "consultations") == 1, message="consultations' copy dead-lettered")
    wait_until(lambda: dead_letter_queue_depth(system, "fairs") == 1, message="fairs' copy dead-lettered")
    assert queue_depth(system, "consultations") == 0

    runtime = consultations_runtime(settings)
    cli = make_cli("consultations", lambda _s: runtime, ROOT / "services/consultations/migrations")
    env = env_for(settings)
    collected = CliRunner().invoke(cli, ["dead-letters", "collect"], env=env)
    assert collected.exit_code == 0, collected.output
    assert "1 message(s) collected" in collected.output
    assert dead_letter_queue_depth(system, "consultations") == 0
    assert dead_letter_queue_depth(system, "fairs") == 1  # untouched, and not held unacked meanwhile
    listed = CliRunner().invoke(cli, ["dead-letters", "list"], env=env)
    assert "cohorts.team.registered" in listed.output and "dead-lettered by the broker" in listed.output
    assert f"from {settings.broker_prefix}.consultations" in listed.output
    failed_id = int(listed.output.split("\t", 1)[0])
    replayed = CliRunner().invoke(cli, ["dead-letters", "replay", str(failed_id)], env=env)
    assert f"{failed_id}\tapplied" in replayed.output, replayed.output
    assert [t["name"] for t in replica_teams(system)] == ["Из очереди мёртвых"]
    runtime.dispose()

    fairs_settings = system.settings("fairs")
    from services.fairs.runtime import build_runtime as fairs_runtime

    fairs = fairs_runtime(fairs_settings)
    theirs = CliRunner().invoke(make_cli("fairs", lambda _s: fairs, ROOT / "services/fairs/migrations"),
                                ["dead-letters", "collect"], env=env_for(fairs_settings))
    assert theirs.exit_code == 0, theirs.output
    assert "1 message(s) collected" in theirs.output
    assert dead_letter_queue_depth(system, "fairs") == 0
    fairs.dispose()
