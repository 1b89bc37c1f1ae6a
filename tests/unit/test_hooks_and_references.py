"""The two ways a package takes part below it: a hook, and what it keeps about a person."""
import pytest
import sqlalchemy as sa

from services.cohorts.people.references import Holder, PersonReferences
from shared.hooks import Hook


def test_a_hook_calls_each_package_once_in_the_order_they_registered():
    seen = []
    hook = Hook("something happened")
    assert hook(1) == []  # nobody registered: nothing happens
    hook.register("teams", lambda n: seen.append(("teams", n)) or "t")
    hook.register("membership", lambda n: seen.append(("membership", n)) or "m")
    hook.register("teams", lambda n: seen.append(("teams again", n)) or "T")  # a second app: replaced, not doubled
    assert hook(7) == ["T", "m"] and seen == [("teams again", 7), ("membership", 7)]


def test_a_persons_references_are_each_packages_once_and_never_silently_empty():
    references = PersonReferences()
    with pytest.raises(RuntimeError):
        references.tables()  # a merge before any package registered would move nothing: refused, not quiet
    table = sa.Table("visits", sa.MetaData(), sa.Column("person_id", sa.Integer))
    references.register(Holder("visits", tables=((table, "person_id", ()),)))
    references.register(Holder("visits", tables=((table, "person_id", ()),)))
    references.register(Holder("accounts", before_merge=lambda uow, merged, kept: None))
    assert [h.name for h in references.holders()] == ["visits", "accounts"]
    assert references.tables() == [(table, "person_id", ())]
