"""The fixed list of "about me" sections: a key for the URL, a title and a one-line prompt."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    # Asks about the child by name ("What helps Mia fall asleep?"): a function, so the sentence
    # is translated whole with the name inside, as Babel extracts it.
    prompt_for: Callable[[str], str]


# The order parents are asked in: daily care first, what a new caregiver needs on day one.
SECTIONS = [
    Section("bedtime", _l("Sleep and bedtime"),
            lambda child: _("What helps %(child)s fall asleep?", child=child)),
    Section("meals", _l("Meals"),
            lambda child: _("What does %(child)s like to eat, and when?", child=child)),
    Section("allergies", _l("Foods and allergies"),
            lambda child: _("Is %(child)s allergic to any food or medicine? What happens?",
                            child=child)),
    Section("likes", _l("Likes and dislikes"),
            lambda child: _("What does %(child)s love? What does %(child)s not like?",
                            child=child)),
    Section("upset", _l("When upset"),
            lambda child: _("What helps %(child)s when they are upset or scared?", child=child)),
    Section("words", _l("Words they use"),
            lambda child: _("Which words does %(child)s use for people, things or feelings?",
                            child=child)),
    Section("health", _l("Health notes"),
            lambda child: _("What should a caregiver know about the health of %(child)s?",
                            child=child)),
    Section("school", _l("School"),
            lambda child: _("What should others know about school or daycare for %(child)s?",
                            child=child)),
    Section("culture", _l("Culture and family traditions"),
            lambda child: _("Which traditions, holidays, faith or foods matter to %(child)s?",
                            child=child)),
]
BY_KEY = {section.key: section for section in SECTIONS}

# For the route converter: an unknown section is a 404 before any view runs.
KEYS_PATTERN = "any(" + ", ".join(BY_KEY) + ")"
