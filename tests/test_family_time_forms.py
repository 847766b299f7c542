"""Family time through the pages, the way people use them: a parent asks for family time, the
caseworker approves or declines it in place (htmx) or on plain pages, an overlap is shown before
saving, a proposal above the parent's level is refused in their language, and afterwards the
host or caseworker records what happened or someone cancels with a reason."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.family_time import services as ft
from app.models import ContentState, FamilyTime, Membership, Outcome
from tests import factories
from tests.factories import scope_of
from tests.pages import as_read

LA = ZoneInfo("America/Los_Angeles")


def text(response):
    return as_read(response)


def soon(days=3):
    return (datetime.now(LA).date() + timedelta(days=days)).isoformat()


def count(db):
    return db.session.scalar(select(func.count()).select_from(FamilyTime))


def membership_of(user, family, db):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id, family_id=family.id))


def form_data(family, **more):
    data = {"children": [family.children[0].id], "day": soon(), "start": "17:00",
            "end": "18:00", "mode": "in_person", "supervision": "supervised",
            "place": "Family center, room 2", "repeat": "", "host": ""}
    data.update(more)
    return data


def test_a_parent_asks_for_family_time_and_sees_it_waiting(client, auth, family, parent, db):
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/calendar/new"))
    assert "Ask for family time" in page
    response = client.post(f"/families/{family.id}/calendar/new",
                           data=form_data(family, parents=[membership_of(parent, family, db).id]))
    assert response.status_code == 303
    item = db.session.scalars(select(FamilyTime)).one()
    assert item.state is ContentState.PENDING
    page = text(client.get(response.headers["Location"], follow_redirects=True))
    assert "Your request is sent." in page and "Waiting for your caseworker" in page
    assert "Approve" not in page
    assert "Asked for, waiting for the caseworker" in text(
        client.get(f"/families/{family.id}/calendar"))


def test_bad_input_is_refused_clearly_and_nothing_is_saved(client, auth, family, parent, db):
    auth.login(parent)
    page = text(client.post(f"/families/{family.id}/calendar/new", data=form_data(
        family, children=[], call_link="http://meet.example.org/x", repeat="1")))
    assert "Choose at least one child." in page
    assert "https://" in page and "Choose the last date of the series." in page
    assert count(db) == 0


def test_above_the_parents_level_is_refused_in_the_readers_language(
        client, auth, family, parent, resource_parent, db):
    dana = membership_of(parent, family, db).id
    auth.login(parent)
    page = text(client.post(f"/families/{family.id}/calendar/new",
                            data=form_data(family, supervision="unsupervised")))
    assert 'role="alert" id="refusal"' in page and "Dana" in page
    assert "talk with your caseworker about the next step" in page
    assert count(db) == 0
    auth.logout()
    auth.login(resource_parent)  # Rosa reads Spanish
    page = text(client.post(f"/families/{family.id}/calendar/new",
                            data=form_data(family, supervision="unsupervised", parents=[dana])))
    assert "Por ahora, Dana tiene aprobado el tiempo en familia" in page
    assert count(db) == 0


def test_an_overlap_is_shown_first_and_save_anyway_saves(client, auth, family, caseworker,
                                                         parent, db):
    factories.make_family_time(family, caseworker, days_ahead=3, hour=17)
    auth.login(parent)
    page = text(client.post(f"/families/{family.id}/calendar/new", data=form_data(family)))
    assert "This time overlaps other family time" in page and "Save anyway" in page
    assert count(db) == 1
    response = client.post(f"/families/{family.id}/calendar/new",
                           data=form_data(family, save_anyway="y"))
    assert response.status_code == 303 and count(db) == 2


def test_a_caseworker_adds_family_time_that_is_planned_at_once(client, auth, family,
                                                               caseworker, parent, db):
    auth.login(caseworker)
    assert "Add family time" in text(client.get(f"/families/{family.id}/calendar/new"))
    response = client.post(f"/families/{family.id}/calendar/new", data=form_data(
        family, parents=[membership_of(parent, family, db).id], repeat="1",
        last_date=soon(30)))
    assert response.status_code == 303
    item = db.session.scalars(select(FamilyTime)).one()
    assert item.state is ContentState.VISIBLE and item.every_weeks == 1
    assert "Every week" in text(client.get(response.headers["Location"]))


def _proposal(family, parent, **more):
    fields = {"child_ids": [family.children[0].id], "day": datetime.now(LA).date()
              + timedelta(days=2), "start": time(10), "end": time(11), "place": "Library"}
    fields.update(more)
    return ft.create_family_time(scope_of(parent, family), ft.FamilyTimeDetails(**fields))


def test_the_caseworker_approves_in_place_with_htmx(client, auth, family, caseworker, parent,
                                                    db):
    asked = _proposal(family, parent)
    auth.login(caseworker)
    agenda = text(client.get(f"/families/{family.id}/calendar"))
    assert f"/calendar/{asked.id}/approve" in agenda  # in place, on the agenda too
    response = client.post(f"/families/{family.id}/calendar/{asked.id}/approve",
                           headers={"HX-Request": "true"})
    page = text(response)
    assert "<html" not in page and "Approved. Everyone in the family can see it now." in page
    db.session.refresh(asked)
    assert asked.state is ContentState.VISIBLE


def test_declining_needs_a_reason_that_the_asker_sees(client, auth, family, caseworker,
                                                      parent, db):
    asked = _proposal(family, parent)
    auth.login(caseworker)
    url = f"/families/{family.id}/calendar/{asked.id}/decline"
    assert "Reason" in text(client.get(url))  # the page without JavaScript
    assert client.post(url, data={"reason": ""}).status_code == 200
    db.session.refresh(asked)
    assert asked.state is ContentState.PENDING
    response = client.post(url, data={"reason": "Mia has a doctor visit then."})
    assert response.status_code == 303
    auth.logout()
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/calendar/{asked.id}"))
    assert "Not approved: Mia has a doctor visit then." in page


def test_an_expired_request_says_so_and_cannot_be_approved(client, auth, family, caseworker,
                                                           parent, db):
    asked = _proposal(family, parent)
    asked.confirm_by = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    auth.login(caseworker)
    page = text(client.get(f"/families/{family.id}/calendar/{asked.id}"))
    assert "this request has ended" in page and f"/{asked.id}/approve" not in page
    page = text(client.post(f"/families/{family.id}/calendar/{asked.id}/approve",
                            follow_redirects=True))
    assert "can no longer be approved" in page
    db.session.refresh(asked)
    assert asked.state is ContentState.PENDING


def test_a_conflicting_approval_gives_the_plain_refusal(client, auth, family, caseworker,
                                                        parent, db):
    asked = _proposal(family, parent)
    factories.make_family_time(family, caseworker, days_ahead=2, hour=10)
    auth.login(caseworker)
    page = text(client.post(f"/families/{family.id}/calendar/{asked.id}/approve",
                            headers={"HX-Request": "true"}))
    assert "overlaps family time already set for the same child" in page
    db.session.refresh(asked)
    assert asked.state is ContentState.PENDING


def test_only_the_caseworker_approves_or_declines(client, auth, family, parent, resource_parent,
                                                 db):
    asked = _proposal(family, parent)
    for person in (parent, resource_parent):
        auth.login(person)
        assert client.post(f"/families/{family.id}/calendar/{asked.id}/approve"
                           ).status_code in (403, 404)
        assert client.post(f"/families/{family.id}/calendar/{asked.id}/decline",
                           data={"reason": "no"}).status_code in (403, 404)
        auth.logout()
    db.session.refresh(asked)
    assert asked.state is ContentState.PENDING


def test_cancel_with_a_reason_shows_who_cancelled(client, auth, family, caseworker, parent,
                                                  resource_parent, db):
    item = factories.make_family_time(family, caseworker, days_ahead=4)
    auth.login(parent)
    url = f"/families/{family.id}/calendar/{item.id}/cancel"
    assert "Why is it cancelled?" in text(client.get(url))
    assert client.post(url, data={"reason": ""}).status_code == 200
    assert client.post(url, data={"reason": "Mia is sick."}).status_code == 303
    auth.logout()
    auth.login(resource_parent)  # Rosa reads Spanish
    page = text(client.get(f"/families/{family.id}/calendar/{item.id}"))
    assert "Cancelado" in page and "Mia is sick." in page and "Lo canceló Dana" in page


def test_the_host_records_what_happened_after_the_time(client, auth, family, caseworker,
                                                       parent, resource_parent, db):
    rosa = membership_of(resource_parent, family, db)
    past = factories.make_family_time(family, caseworker, days_ahead=-2, host_id=rosa.id)
    future = factories.make_family_time(family, caseworker, days_ahead=5, host_id=rosa.id)
    auth.login(parent)  # not the host
    assert client.get(f"/families/{family.id}/calendar/{past.id}/outcome").status_code == 403
    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(f"/families/{family.id}/calendar/{past.id}"))
    assert "Contar lo que pasó" in page
    response = client.post(f"/families/{family.id}/calendar/{past.id}/outcome",
                           data={"outcome": "attended", "note": "Mia laughed a lot."})
    assert response.status_code == 303
    db.session.expire_all()
    assert past.occurrences[0].outcome is Outcome.ATTENDED
    page = text(client.get(response.headers["Location"]))
    assert "Mia laughed a lot." in page and "Lo anotó Rosa" in page
    page = text(client.post(f"/families/{family.id}/calendar/{future.id}/outcome",
                            data={"outcome": "attended"}))
    assert "Podrá contar cómo fue una vez que haya empezado." in page
    db.session.expire_all()
    assert not future.occurrences


def test_the_nav_says_calendar_and_events_stay_reachable(client, auth, family, parent, db):
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}"))
    assert f'href="/families/{family.id}/calendar"' in page and ">Calendar<" in page
    agenda = text(client.get(f"/families/{family.id}/calendar"))
    assert f"/families/{family.id}/events/new" in agenda


def test_the_family_home_shows_the_next_planned_family_time(client, auth, family, caseworker,
                                                            parent, resource_parent, db):
    auth.login(parent)
    assert "Next family time" not in text(client.get(f"/families/{family.id}"))
    _proposal(family, parent, place="Library")  # waiting: not on anyone's home yet
    later = factories.make_family_time(family, caseworker, days_ahead=9, place="The park")
    factories.make_family_time(family, caseworker, days_ahead=4, place="Family center")
    page = text(client.get(f"/families/{family.id}"))
    assert "Next family time" in page and "Family center" in page
    assert "The park" not in page and "Library" not in page
    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(f"/families/{family.id}"))
    assert "Próximo tiempo en familia" in page
    assert later.id


def test_an_approved_proposal_is_the_next_family_time_on_the_resource_parents_home(
        client, auth, family, caseworker, parent, resource_parent, db):
    auth.login(parent)
    response = client.post(f"/families/{family.id}/calendar/new", data=form_data(
        family, start="16:45", end="17:45", place="Central Library",
        parents=[membership_of(parent, family, db).id]))
    assert response.status_code == 303
    asked = db.session.scalars(select(FamilyTime)).one()
    auth.logout()
    auth.login(resource_parent)
    home = text(client.get(f"/families/{family.id}"))
    assert "Próximo tiempo en familia" not in home and "Central Library" not in home
    auth.logout()
    auth.login(caseworker)
    assert client.post(f"/families/{family.id}/calendar/{asked.id}/approve").status_code == 303
    auth.logout()
    auth.login(resource_parent)  # Rosa reads Spanish
    home = text(client.get(f"/families/{family.id}"))
    assert "Próximo tiempo en familia" in home and "Central Library" in home
    assert f"/families/{family.id}/calendar/{asked.id}" in home
    assert "16:45" in home and "17:45" in home  # Rosa's clock: 24 hours


def test_the_next_family_time_costs_the_same_queries_however_many(family, caseworker, parent,
                                                                  count_queries, db):
    def count():
        with count_queries() as counted:
            assert ft.next_family_time(scope_of(parent, family)) is not None
        return counted.count

    factories.make_family_time(family, caseworker, days_ahead=3)
    few = count()
    for days in range(4, 24):
        factories.make_family_time(family, caseworker, days_ahead=days)
    assert count() == few


def test_the_demo_rivera_family_has_a_series_a_call_and_a_request(app, demo, db):
    from app.models import Family, Mode

    rivera = db.session.scalar(select(Family).filter_by(name="The Rivera family"))
    items = db.session.scalars(select(FamilyTime).filter_by(family_id=rivera.id)).all()
    series = next(i for i in items if i.every_weeks == 1)
    outcomes = [o.outcome for o in series.occurrences if o.outcome]
    assert outcomes.count(Outcome.ATTENDED) >= 3 and Outcome.PARENT_DID_NOT_COME in outcomes
    assert any(o.moved_starts_at for o in series.occurrences)
    assert any(i.make_up_for_id == series.id for i in items)
    assert any(i.mode is Mode.VIDEO for i in items)
    assert any(i.state is ContentState.PENDING for i in items)


def test_a_parent_partner_reads_the_calendar_but_is_not_offered_to_add(client, auth, family,
                                                                       db):
    from app.models import Role

    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    auth.login(partner)
    page = text(client.get(f"/families/{family.id}/calendar"))
    assert "Ask for family time" not in page and "/events/new" not in page
    assert client.get(f"/families/{family.id}/calendar/new").status_code == 403
    assert client.post(f"/families/{family.id}/calendar/new",
                       data=form_data(family)).status_code == 403
    assert count(db) == 0
