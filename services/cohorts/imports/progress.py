"""Progress of an import being applied, readable by every web process while its transaction runs.

The rows are written in one transaction, which nobody else can see until it
commits; the count of rows done is therefore kept beside it, in a small file
under the var directory, replaced atomically every few rows.
"""
from __future__ import annotations

import json
import os
from pathlib import Path


class ImportProgress:
    EVERY = 50  # rows between two writes

    def __init__(self, var_dir: Path, batch_id: int):
        self.path = Path(var_dir) / "run" / f"import-{batch_id}.json"

    def __call__(self, done: int, total: int) -> None:
        if done % self.EVERY and done != total:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"done": done, "total": total}))
        os.replace(tmp, self.path)

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
