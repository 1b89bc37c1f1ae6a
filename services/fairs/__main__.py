from pathlib import Path

from services.fairs.runtime import build_runtime
from shared.cli import make_cli

cli = make_cli("fairs", build_runtime, Path(__file__).parent / "migrations")

if __name__ == "__main__":
    cli()
