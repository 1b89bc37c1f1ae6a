"""The register of people: each person once (by phone, then e-mail), matched, corrected, merged and erased. Its pages
and API are the directory's; what other packages keep about a person reaches it through ``references``."""


def register(app, api) -> None:
    """No pages of its own: the people of the register follow a merge of their organisation."""
    import sqlalchemy as sa

    from services.cohorts.organisations.operations import (
        organisation_holders,
        organisation_merged,
    )
    from services.cohorts.people.models import Person

    def holders(uow, organisation_id: int) -> dict:
        return {"people": uow.session.execute(
            sa.select(sa.func.count()).where(Person.organisation_id == organisation_id)).scalar_one()}

    def merged(uow, merged_id: int, kept_id: int) -> None:
        uow.session.execute(sa.update(Person).where(Person.organisation_id == merged_id).values(organisation_id=kept_id))

    organisation_holders.register("people", holders)
    organisation_merged.register("people", merged)
