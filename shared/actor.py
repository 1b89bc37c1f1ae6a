"""Who acts in a use case, as domain code sees it (no Flask): an account with its roles, or a juror's personal
link. Use cases take it to check who may do what and to write who did it into their histories."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    name: str | None = None
    roles: frozenset[str] = frozenset()
    via: str = "token"  # token | session | link (a juror's personal link)
    scope: dict = field(default_factory=dict, compare=False)  # a link's: {"fair_id": 3, "juror_id": 7}

    @property
    def coordinator(self) -> bool:
        return "coordinator" in self.roles

    @property
    def label(self) -> str:
        """The name for a history line: the account's name, else its number."""
        return self.name or f"#{self.account_id}"
