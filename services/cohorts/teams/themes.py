"""What a working group works on: a standing, thematic group of a programme whose members come from many
organisations (a partnership programme's eleven)."""
from shared.errors import N_

THEMES = ("anti_corruption", "community_development", "environment", "education", "migration", "child_protection", "youth",
          "gender_equity", "media", "public_health", "human_rights")
THEME_LABELS = {
    "anti_corruption": N_("anti-corruption"),
    "community_development": N_("local community development"),
    "environment": N_("environment"),
    "education": N_("education"),
    "migration": N_("migration"),
    "child_protection": N_("child protection"),
    "youth": N_("youth"),
    "gender_equity": N_("gender equity"),
    "media": N_("media"),
    "public_health": N_("public health"),
    "human_rights": N_("human rights"),
}
WORKING_GROUP = "working_group"
