"""The import contract (.importlinter): the services never import each other, shared imports no service, the
judging core nothing of a fair, and no cycle between the packages of a service or of shared (none is ignored)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / ".importlinter")], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "4 kept, 0 broken" in result.stdout


def test_the_contract_breaks_on_a_planted_cycle(tmp_path):
    """A copy of the code with one import added from a lower package to a higher one (the visits log importing the
    reach, which reads the visits): the contract names the cycle and fails."""
    import shutil

    for package in ("services", "shared"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "translations", "*.po"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    planted = tmp_path / "services" / "cohorts" / "visits" / "rules_planted.py"
    planted.write_text("from services.cohorts.reach import queries  # noqa: F401\n")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(tmp_path / ".importlinter")], cwd=tmp_path, capture_output=True,
                            text=True, timeout=600, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0, result.stdout[-4000:]
    assert "No cycles are allowed in services.cohorts" in result.stdout and ".visits -> .reach" in result.stdout
