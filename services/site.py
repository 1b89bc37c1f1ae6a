"""The site the three services make together, declared once for each of them to hand to its application: one menu
across the services (each entry to the roles that may use it), the sign-in page, a juror's phone's home."""
from shared.errors import N_
from shared.web.site import MenuItem, Site

SITE = Site(
    sign_in="/cohorts/sign-in",
    link_home="/fairs/",
    menu=(
        MenuItem("/cohorts/", N_("Programmes"), frozenset({"coordinator"})),
        MenuItem("/cohorts/accounts", N_("Accounts"), frozenset({"coordinator"})),
        MenuItem("/consultations/", N_("Consultations"), frozenset({"coordinator", "mentor"})),
        MenuItem("/fairs/", N_("Fairs"), frozenset({"coordinator", "juror"})),
        MenuItem("/fairs/grants", N_("Grants"), frozenset({"coordinator"})),
    ),
)
