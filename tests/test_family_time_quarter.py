"""Family time starts and ends on a quarter hour, so the slots that keep a child in one place
agree with the overlap warning: back-to-back times never clash. Every form that takes a time
says so in the reader's language and saves nothing, the services refuse any other time
whoever calls them, and the browser's time picker steps by 15 minutes."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.family_time import services as ft
from app.models import ContentState, FamilyTime, FamilyTimeOccurrence, Membership, Outcome
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")
QUARTER = "Choose a time on the quarter hour, like 4:00, 4:15, 4:30 or 4:45."
QUARTER_ES = ("Elija una hora en punto, y cuarto, y media o menos cuarto, por ejemplo 4:00, "
              "4:15, 4:30 o 4:45.")


def text(response):
    return response.get_data(as_text=True)


def soon(days=3) -> date:
    return datetime.now(LA).date() + timedelta(days=days)


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(FamilyTime))


def dana(family, parent, db) -> int:
    return db.session.scalar(select(Membership.id).filter_by(user_id=parent.id,
                                                              family_id=family.id))


def form_data(family, day: date, start: str, end: str, **more):
    data = {"children": [family.children[0].id], "day": day.isoformat(), "start": start,
            "end": end, "mode": "in_person", "supervision": "supervised",
            "place": "Family center, room 2", "repeat": "", "host": ""}
    data.update(more)
    return data


def details(family, start, end, day=None, **more):
    return ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=day or soon(),
                                start=start, end=end, **more)


def weekly(family, caseworker, first: date):
    return ft.create_family_time(scope_of(caseworker, family), details(
        family, time(17), time(18), day=first, every_weeks=1,
        last_date=first + timedelta(weeks=3)))


def missed_time(family, caseworker):
    missed = factories.make_family_time(family, caseworker, days_ahead=-3)
    ft.record_outcome(scope_of(caseworker, family), missed, None, Outcome.PARENT_DID_NOT_COME)
    return missed


# --- back to back --------------------------------------------------------------------------

def test_back_to_back_proposals_are_both_approved(client, auth, family, caseworker, parent,
                                                  db):
    """16:45 to 17:45 then 17:45 to 18:45: the quarter hour at 17:45 belongs to the second only."""
    auth.login(parent)
    day = soon()
    for start, end in (("16:45", "17:45"), ("17:45", "18:45")):
        response = client.post(f"/families/{family.id}/calendar/new", data=form_data(
            family, day, start, end, parents=[dana(family, parent, db)]))
        assert response.status_code == 303  # no overlap warning stood in the way
    first, second = db.session.scalars(select(FamilyTime).order_by(FamilyTime.id)).all()
    sam = scope_of(caseworker, family)
    assert ft.overlaps(sam, second.starts_at, second.last_ends_at, [family.children[0].id],
                       ignore=second.id) == []
    auth.logout()
    auth.login(caseworker)
    for item in (first, second):
        response = client.post(f"/families/{family.id}/calendar/{item.id}/approve")
        assert response.status_code == 303
        page = text(client.get(response.headers["Location"], follow_redirects=True))
        assert "overlaps family time already set" not in page
    db.session.expire_all()
    assert first.state is ContentState.VISIBLE and second.state is ContentState.VISIBLE


# --- every form refuses a time off the quarter hour ----------------------------------------

FORMS = ["new", "change", "make-up", "move", "following"]


def _form_url(page, family, caseworker, parent):
    """The page's address and who uses it (a parent asks; the caseworker moves and changes
    "this and following"; anyone who writes plans a make-up)."""
    calendar = f"/families/{family.id}/calendar"
    if page == "new":
        return f"{calendar}/new", parent, None
    if page == "make-up":
        missed = missed_time(family, caseworker)
        return f"{calendar}/{missed.id}/make-up?day={missed.first_date}", parent, missed
    series = weekly(family, caseworker, soon())
    user = parent if page == "change" else caseworker
    return f"{calendar}/{series.id}/{page}?day={series.first_date}", user, series


@pytest.mark.parametrize("page", FORMS)
@pytest.mark.parametrize("start,end", [("16:50", "17:45"), ("16:45", "17:50")])
def test_every_form_refuses_a_time_off_the_quarter_hour(client, auth, family, caseworker,
                                                        parent, db, page, start, end):
    url, user, item = _form_url(page, family, caseworker, parent)
    before, sequence = count(db), item.sequence if item is not None else None
    auth.login(user)
    data = form_data(family, soon(5), start, end, parents=[dana(family, parent, db)])
    if page == "move":
        data = {"day": soon(5).isoformat(), "start": start, "end": end}
    response = client.post(url, data={**data, "save_anyway": "y"})
    assert response.status_code == 200
    assert text(response).count(QUARTER) == 1  # beside the one field that is off
    assert count(db) == before
    assert db.session.scalar(select(func.count()).select_from(FamilyTimeOccurrence).where(
        FamilyTimeOccurrence.moved_starts_at.is_not(None))) == 0
    if item is not None:
        db.session.refresh(item)
        assert item.sequence == sequence


def test_the_refusal_is_in_the_readers_language(client, auth, family, resource_parent, db):
    auth.login(resource_parent)  # Rosa reads Spanish
    page = text(client.post(f"/families/{family.id}/calendar/new",
                            data=form_data(family, soon(), "16:50", "17:50")))
    assert QUARTER_ES in page and QUARTER not in page
    assert count(db) == 0


@pytest.mark.parametrize("page", FORMS)
def test_the_time_inputs_step_by_a_quarter_hour(client, auth, family, caseworker, parent,
                                                db, page):
    url, user, _item = _form_url(page, family, caseworker, parent)
    auth.login(user)
    form = text(client.get(url))
    for name in ("start", "end"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', form).group(0)
        assert 'type="time"' in tag and 'step="900"' in tag, tag


# --- the services refuse it too, whoever calls ---------------------------------------------

def _refused(action):
    with pytest.raises(ft.Refused) as refused:
        action()
    assert str(refused.value) == QUARTER


def test_the_services_refuse_a_time_off_the_quarter_hour(app, family, caseworker, parent, db):
    sam, asker = scope_of(caseworker, family), scope_of(parent, family)
    parents = [asker.membership.id]
    _refused(lambda: ft.create_family_time(sam, details(family, time(16, 50), time(17, 45))))
    _refused(lambda: ft.create_family_time(asker, details(family, time(16, 45), time(17, 50),
                                                          parent_ids=parents)))
    # Seconds are off the quarter hour too.
    _refused(lambda: ft.create_family_time(sam, details(family, time(16, 45, 30),
                                                        time(17, 45))))
    series = weekly(family, caseworker, soon())
    missed = missed_time(family, caseworker)
    before = count(db)
    _refused(lambda: ft.ask_to_change(asker, series, details(
        family, time(16, 50), time(17, 50), parent_ids=parents), series.first_date))
    _refused(lambda: ft.make_up(asker, missed, None, details(
        family, time(16, 50), time(17, 50), day=soon(6), parent_ids=parents)))
    _refused(lambda: ft.move_occurrence(sam, series, series.first_date, soon(4),
                                        time(16, 50), time(17, 50)))
    _refused(lambda: ft.change_following(sam, series, series.first_date, details(
        family, time(16, 50), time(17, 50), every_weeks=1, last_date=series.last_date)))
    db.session.expire_all()
    assert count(db) == before
    assert series.occurrences == [] and series.sequence == 0
    assert series.last_date == series.first_date + timedelta(weeks=3)


def test_the_services_take_back_to_back_quarter_hours(app, family, caseworker, db):
    sam = scope_of(caseworker, family)
    day = soon()
    first = ft.create_family_time(sam, details(family, time(16, 45), time(17, 45), day=day))
    second = ft.create_family_time(sam, details(family, time(17, 45), time(18, 45), day=day))
    assert first.last_ends_at == second.starts_at
    assert first.state is second.state is ContentState.VISIBLE
