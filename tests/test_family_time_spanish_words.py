"""The Spanish family-time words say what the English means: the "Overnight" level is the
children staying the night (not "at night"), and a moved time changed its day or hour (not only
its hour, and not moved from one place to another)."""

import re
from datetime import datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.family_time import levels
from app.family_time import services as ft
from app.family_time.labels import STATUS_LABELS
from app.family_time.levels import LEVEL_NAMES
from app.models import Level, Membership
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def in_spanish(message) -> str:
    with current_app.test_request_context(), force_locale("es"):
        return str(message)


def test_the_spanish_level_and_status_words_read_right(app):
    overnight = in_spanish(LEVEL_NAMES[Level.OVERNIGHT])
    assert "dormir" in overnight or "pernocta" in overnight, overnight
    assert overnight != "De noche"
    with app.test_request_context(), force_locale("es"):
        moved, changed = gettext("Moved"), gettext("Changed to another time")
    assert "día" in moved and "hora" in moved, moved  # a change of day or of hour
    assert "movid" not in moved.lower()
    assert "día" in changed, changed
    assert in_spanish(STATUS_LABELS[ft.Status.ATTENDED]) == "Se hizo"


def test_rosa_reads_the_levels_and_a_moved_time_in_spanish(client, auth, family, caseworker,
                                                           parent, resource_parent, db):
    sam = scope_of(caseworker, family)
    dana = db.session.scalar(select(Membership).filter_by(user_id=parent.id,
                                                          family_id=family.id))
    levels.set_level(sam, dana.id, Level.OVERNIGHT, "Weekends have gone well")
    first = datetime.now(LA).date() + timedelta(days=3)
    item = ft.create_family_time(sam, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=first, start=time(17), end=time(18),
        place="Family center"))
    ft.move_occurrence(sam, item, first, first + timedelta(days=1), time(10), time(11))

    auth.login(resource_parent)  # Rosa reads Hearth in Spanish
    page = text_of(client.get(f"/families/{family.id}/family-time-levels"))
    assert "Quedarse a dormir" in page and "De noche" not in page
    agenda = text_of(client.get(f"/families/{family.id}/calendar"))
    assert "Cambiado de día u hora" in agenda and "Cambiado de hora" not in agenda
