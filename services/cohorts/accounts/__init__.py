"""Accounts and sign-in: coordinators, mentors, jurors, experts and desk staff; passwords, links, the mail queue."""


def register(app, api) -> None:
    from services.cohorts.accounts.operations import relink_person
    from services.cohorts.accounts.pages import pages as admin_pages
    from services.cohorts.accounts.views import api as accounts_api
    from services.cohorts.accounts.views import pages
    from services.cohorts.people.references import REFERENCES, Holder

    api.register_blueprint(accounts_api)
    app.register_blueprint(pages)
    app.register_blueprint(admin_pages)
    # an account linked to a folded person record is linked to the kept one, and the replicas are told (a juror's
    # standing recusal as a member of the team depends on it)
    REFERENCES.register(Holder("accounts", before_merge=lambda uow, merged, kept: relink_person(uow, merged.id, kept.id)))
