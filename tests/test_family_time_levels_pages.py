"""Family-time levels through the pages: the caseworker sets a parent's level with a reason
(audited, said in plain words on the family record), the parent reads their level and its
history as progress in their own words, the resource parent reads each parent's level only,
a parent partner reads none, a request above the level is refused kindly, and who is refused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.family_time import levels
from app.models import AuditEvent, FamilyTimeLevel, Level, Membership, Role
from tests import factories
from tests.factories import scope_of
from tests.pages import as_read

LA = ZoneInfo("America/Los_Angeles")


def text(response):
    return as_read(response)


def membership_of(user, family, db):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id, family_id=family.id))


def steps(db):
    return db.session.scalar(select(func.count()).select_from(FamilyTimeLevel))


def audits(db, family):
    return db.session.scalars(select(AuditEvent).filter_by(
        family_id=family.id, action="family_time.level_set").order_by(AuditEvent.id)).all()


def post_level(client, family, membership_id, level, reason):
    prefix = f"level-{membership_id}"
    return client.post(f"/families/{family.id}/family-time-levels/{membership_id}",
                       data={f"{prefix}-level": level, f"{prefix}-reason": reason})


def test_the_caseworker_sets_a_level_with_a_reason_audited_and_on_the_record(
        client, auth, family, caseworker, parent, db):
    dana = membership_of(parent, family, db)
    auth.login(caseworker)
    people = text(client.get(f"/families/{family.id}/people"))
    assert f'href="/families/{family.id}/family-time-levels"' in people
    page = text(client.get(f"/families/{family.id}/family-time-levels"))
    assert "Dana" in page and "With a supervisor" in page
    assert f'id="level-{dana.id}-reason"' in page and "Reason for Dana" in page
    response = post_level(client, family, dana.id, "unsupervised", "Six months of steady visits")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "Saved: Dana is approved for family time “Without a supervisor”" in page
    assert levels.level_of(dana) is Level.UNSUPERVISED
    [event] = audits(db, family)
    assert event.actor_id == caseworker.id and event.detail["reason"] == (
        "Six months of steady visits")
    assert (event.detail["before"], event.detail["after"]) == ("supervised", "unsupervised")
    record = text(client.get(f"/families/{family.id}/record"))
    assert ("Sam approved Dana for family time “Without a supervisor”. Reason: Six months "
            "of steady visits") in record


@pytest.mark.parametrize("level, reason, message", [
    ("unsupervised", "   ", "Please write a reason. The parent reads it."),
    ("flying", "A reason", "Not a valid choice"),
    ("monitored", "x" * 501, "Field cannot be longer than 500 characters."),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(client, auth, family, caseworker,
                                                          parent, db, level, reason, message):
    dana = membership_of(parent, family, db)
    auth.login(caseworker)
    response = post_level(client, family, dana.id, level, reason)
    assert response.status_code == 200
    page = text(response)
    assert "Please fix what is marked below." in page and message in page
    assert steps(db) == 0 and audits(db, family) == []


def test_only_the_caseworker_sets_levels_and_only_for_a_parent_of_this_family(
        client, auth, family, caseworker, parent, resource_parent, other_family, db):
    dana = membership_of(parent, family, db)
    for user in (parent, resource_parent):
        auth.login(user)
        assert post_level(client, family, dana.id, "overnight", "I think so").status_code == 403
        auth.logout()
    auth.login(caseworker)
    rosa = membership_of(resource_parent, family, db)
    stranger = factories.add_member(other_family, factories.make_user(), role=Role.PARENT)
    for membership_id in (rosa.id, stranger.id, 999999):
        response = post_level(client, family, membership_id, "overnight", "Reason")
        assert response.status_code == 404
    assert steps(db) == 0 and audits(db, family) == []


def test_a_parent_sees_their_level_and_history_as_progress_newest_first(
        client, auth, family, caseworker, parent, db):
    dana = membership_of(parent, family, db)
    sam = scope_of(caseworker, family)
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/family-time-levels/mine"))
    assert "Your family time has a supervisor with you." in page
    assert "Your caseworker has not changed your level yet." in page
    levels.set_level(sam, dana.id, Level.MONITORED, "Steady visits since March")
    levels.set_level(sam, dana.id, Level.UNSUPERVISED, "Doing well in parenting class")
    page = text(client.get(f"/families/{family.id}/family-time-levels/mine"))
    now = page.index("Where you are now")
    assert page.index("Without a supervisor", now) < page.index("The steps")
    newest = page.index("Your family time is now without a supervisor.")
    older = page.index("Your family time is now checked in on")
    assert newest < older  # newest first
    assert page.index("Sam wrote: Doing well in parenting class") < page.index(
        "Sam wrote: Steady visits since March")
    today = datetime.now(LA).date()
    assert f"{today:%B} {today.day}, {today:%Y}" in page  # the date of each step
    ladder = page[page.index('<ol class="level-steps">'):page.index("</ol>", page.index(
        '<ol class="level-steps">'))]
    assert ladder.count("level-steps__step--done") == 2
    assert ladder.count("level-steps__step--ahead") == 2
    assert 'aria-current="step"' in ladder and "You are here" in ladder
    # From the calendar, and from a parent's way into the levels page.
    agenda = text(client.get(f"/families/{family.id}/calendar"))
    assert f'href="/families/{family.id}/family-time-levels/mine"' in agenda
    response = client.get(f"/families/{family.id}/family-time-levels")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/families/{family.id}/family-time-levels/mine")


def test_a_parent_reads_their_page_in_spanish(client, auth, family, caseworker, parent, db):
    parent.locale = "es"
    db.session.commit()
    levels.set_level(scope_of(caseworker, family), membership_of(parent, family, db).id,
                     Level.UNSUPERVISED, "Buen progreso")
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/family-time-levels/mine"))
    assert "Ahora su tiempo en familia es sin supervisor." in page
    assert "Sin supervisor" in page and "Mi tiempo en familia" in page
    assert "Sam escribió: Buen progreso" in page


def test_the_resource_parent_reads_each_level_only(
        client, auth, family, caseworker, parent, resource_parent, db):
    dana = membership_of(parent, family, db)
    levels.set_level(scope_of(caseworker, family), dana.id, Level.MONITORED,
                     "Private reason about Dana")
    auth.login(resource_parent)
    response = client.get(f"/families/{family.id}/family-time-levels")
    assert response.status_code == 200
    page = text(response)
    assert "Dana" in page and "Con visitas de control" in page
    assert "Private reason" not in page and "<form method=\"post\" class=\"form\"" not in page
    assert client.get(f"/families/{family.id}/family-time-levels/mine").status_code == 403
    calendar = text(client.get(f"/families/{family.id}/calendar"))
    assert f'href="/families/{family.id}/family-time-levels"' in calendar


def test_a_parent_partner_reads_no_parents_level(client, auth, family, caseworker, parent, db):
    """A parent's progress is theirs: the partner who mentors them does not read it here."""
    dana = membership_of(parent, family, db)
    levels.set_level(scope_of(caseworker, family), dana.id, Level.MONITORED,
                     "Private reason about Dana")
    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    with pytest.raises(levels.NotAllowed):
        levels.family_levels(scope_of(partner, family))
    auth.login(partner)
    base = f"/families/{family.id}/family-time-levels"
    for url in (base, f"{base}/mine"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Checked in on" not in text(response) and "Private reason" not in text(response)
    for view in ("", "/month"):
        calendar = text(client.get(f"/families/{family.id}/calendar{view}"))
        assert "family-time-levels" not in calendar and "Family-time levels" not in calendar


def test_another_parent_does_not_see_danas_level(client, auth, family, caseworker, parent, db):
    dana = membership_of(parent, family, db)
    levels.set_level(scope_of(caseworker, family), dana.id, Level.OVERNIGHT, "Reason for Dana")
    marcus = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    factories.add_member(family, marcus, role=Role.PARENT)
    auth.login(marcus)
    page = text(client.get(f"/families/{family.id}/family-time-levels/mine",
                           follow_redirects=True))
    assert "Your family time has a supervisor with you." in page
    assert "You are here" in page and "Dana" not in page and "Reason for Dana" not in page
    assert page.count("level-steps__step--ahead") == 4  # Dana's overnight is not his


def test_a_request_above_the_level_is_refused_kindly_with_the_way_to_the_level(
        client, auth, family, caseworker, parent, db):
    dana = membership_of(parent, family, db)
    levels.set_level(scope_of(caseworker, family), dana.id, Level.MONITORED, "Steady visits")
    auth.login(parent)
    day = (datetime.now(LA).date() + timedelta(days=3)).isoformat()
    page = text(client.post(f"/families/{family.id}/calendar/new", data={
        "children": [family.children[0].id], "parents": [dana.id], "day": day,
        "start": "17:00", "end": "18:00", "mode": "in_person", "supervision": "unsupervised",
        "repeat": "", "host": ""}))
    assert 'role="alert" id="refusal"' in page
    assert "Dana is approved for family time “Checked in on” for now" in page
    assert "talk with your caseworker about the next step" in page
    assert f'href="/families/{family.id}/family-time-levels/mine"' in page


def test_the_levels_page_costs_the_same_queries_for_more_parents(client, auth, family,
                                                                 caseworker, parent, db,
                                                                 count_queries):
    sam = scope_of(caseworker, family)
    levels.set_level(sam, membership_of(parent, family, db).id, Level.MONITORED, "Steady")
    auth.login(caseworker)
    url = f"/families/{family.id}/family-time-levels"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(3):
        other = factories.add_member(family, factories.make_user(), role=Role.PARENT)
        levels.set_level(sam, other.id, Level.UNSUPERVISED, f"Reason {n}")
    client.get(url)  # the commits above expired the signed-in user: load them again first
    with count_queries() as many:
        page = text(client.get(url))
    assert page.count('class="card levels__parent"') == 4 and "Reason 2" in page
    assert many.count == few.count


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_those_outside_the_family_are_refused(request, client, auth, family, parent, db,
                                              visitor):
    dana = membership_of(parent, family, db)
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    base = f"/families/{family.id}/family-time-levels"
    for url in (base, f"{base}/mine"):
        response = client.get(url)
        assert response.status_code == 404 and b"Rivera" not in response.data
    assert post_level(client, family, dana.id, "overnight", "Reason").status_code == 404
    assert steps(db) == 0
