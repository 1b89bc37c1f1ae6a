"""What other packages keep about a person, each package registering its own when the service starts (its
``register(app, api)``): merging and erasing a person reach every one of them through this list, and ``people``
imports none of them.

A package registers one ``Holder``, under its own name (registering again replaces it: one application per test
creates the service more than once):

- ``tables``: rows that follow the kept record at a merge (table, person column, the columns that together with it
  must stay unique: a row the kept person already has is dropped, not duplicated);
- ``plan``: what a merge would do there, for the preview, or a refusal (a ``UseCaseError``) before anything moves;
- ``before_merge``: the package's own changes, while both records still stand (after ``plan`` accepted);
- ``after_merge``: what follows once the rows have moved (seats recounted, …);
- ``erase``: personal data the package keeps beside the record, scrubbed when the person is erased.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from shared.uow import UnitOfWork

Row = tuple[sa.Table, str, tuple[str, ...]]


@dataclass(frozen=True)
class Holder:
    name: str
    tables: tuple[Row, ...] = ()
    plan: Callable[[UnitOfWork, object, object], dict] | None = None
    before_merge: Callable[[UnitOfWork, object, object], None] | None = None
    after_merge: Callable[[UnitOfWork, object], None] | None = None
    erase: Callable[[UnitOfWork, object], None] | None = None


class PersonReferences:
    def __init__(self) -> None:
        self._holders: dict[str, Holder] = {}

    def register(self, holder: Holder) -> None:
        self._holders[holder.name] = holder

    def holders(self) -> list[Holder]:
        """Every registered holder, in the order they registered; none is a wiring fault, not an empty merge."""
        if not self._holders:
            raise RuntimeError("no package registered what it keeps about a person: create the application first")
        return list(self._holders.values())

    def tables(self) -> list[Row]:
        return [row for holder in self.holders() for row in holder.tables]


# the service's one list, filled by the packages' register(app, api)
REFERENCES = PersonReferences()
