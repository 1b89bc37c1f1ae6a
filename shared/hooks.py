"""A point in a package's use case (or page) where packages above it take part, without the package importing them.

The package that owns the point declares it (``territory_corrected = Hook("a territory's spelling corrected")``) and
calls it; a package above registers one function under its own name when the service starts, in its
``register(app, api)``. Registering again under the same name replaces the function (a test process creates the
service more than once), and the functions run in the order they were first registered.
"""
from __future__ import annotations

from collections.abc import Callable


class Hook:
    def __init__(self, what: str) -> None:
        self.what = what
        self._functions: dict[str, Callable] = {}

    def register(self, name: str, function: Callable) -> None:
        self._functions[name] = function

    def __call__(self, *args, **kwargs) -> list:
        """Every registered function's answer, in order."""
        return [function(*args, **kwargs) for function in self._functions.values()]

    def __repr__(self) -> str:
        return f"Hook({self.what!r}: {', '.join(self._functions) or 'nobody'})"
