"""The coordinator's button that loads the demonstration programme into an empty system.

Offered on the embedded default only (``make run`` on someone's own machine), never in production. The button
starts the same loader as ``make demo`` in a process of its own, signed in as the coordinator who pressed it; the
loader goes through the public API like any client, and this page shows what it printed.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext

from services.cohorts.programs.operations import demo_offered
from shared import auth
from shared.web.access import allow
from shared.web.boundary import current_uow

pages = Blueprint("demo_pages", __name__, url_prefix="/cohorts", template_folder="templates")
ROOT = Path(__file__).resolve().parents[3]


def _files() -> tuple[Path, Path, Path]:
    var_dir = current_app.extensions["rostok.runtime"].settings.var_dir
    return var_dir / "demo.log", var_dir / "demo.pid", var_dir / "demo.status"


def _running(pid_file: Path) -> bool:
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    try:  # a finished child of this process stays a zombie until reaped
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True  # started by another web process: alive as far as we can tell


@pages.route("/demo", methods=["GET"])
@allow("coordinator")
def status():
    log, pid_file, status_file = _files()
    if not log.exists():
        abort(404)
    running = _running(pid_file)
    outcome = None if running else (status_file.read_text().strip() if status_file.exists() else "failed")
    return render_template("demo_button/status.html", output=log.read_text(encoding="utf-8", errors="replace"),
                           running=running, failed=outcome == "failed")


@pages.route("/demo", methods=["POST"])
@allow("coordinator")
def start():
    settings = current_app.extensions["rostok.runtime"].settings
    log, pid_file, status_file = _files()
    if not settings.embedded:
        abort(404)
    if not _running(pid_file):
        if not demo_offered(current_uow(), current_app.extensions["rostok.runtime"].settings.embedded):
            flash(gettext("The demonstration programme is only loaded into an empty system."), "error")
            return redirect(url_for("program_pages.home"), 303)
        principal = g.principal
        token = auth.issue_token(settings.secret_key, account_id=principal.account_id, roles=principal.roles,
                                 version=principal.version)
        env = {**os.environ, "ROSTOK_DEMO_TOKEN": token, "PYTHONPATH": str(ROOT)}
        status_file.unlink(missing_ok=True)
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "demo", "--url", settings.public_url, "--var-dir", str(settings.var_dir),
                 "--status-file", str(status_file)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        pid_file.write_text(str(process.pid))
    return redirect(url_for("demo_pages.status"), 303)
