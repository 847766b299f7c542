"""Admin over families: every family listed with its caseworkers, each admin view recorded,
a family's caseworker reassigned (the old one loses access at once), and turning a caseworker's
account off ending their sessions."""

import contextlib
import re
import threading

import pytest
from flask import url_for

from app.admin import families as admin_families
from app.admin.services import deactivate
from app.extensions import db as _db
from app.family_time import ical
from app.models import AuditEvent, Family, Membership, MembershipStatus, Role, User
from tests import factories
from tests.conftest import AuthActions
from tests.pages import as_read


def text(response):
    return as_read(response)


def events_of(db, action):
    return db.session.scalars(db.select(AuditEvent).filter_by(action=action)).all()


def reassign(client, family, person, reason="Sam moved to another team.", seen=None):
    """Post the form as a page opened just now would (`seen`: as one opened earlier)."""
    if seen is None:
        seen = _db.session.scalar(_db.select(Family.caseworker_version).filter_by(id=family.id))
    return client.post(f"/admin/families/{family.id}/caseworker",
                       data={"caseworker": person.id, "reason": reason, "seen": seen})


@pytest.fixture
def kim(app):
    return factories.make_caseworker(display_name="Kim Park")


# --- the list of families ----------------------------------------------------------------------

def test_the_admin_index_leads_to_families_and_the_glossary(client, auth, admin):
    auth.login(admin)
    index = text(client.get("/admin"))
    assert "/admin/families" in index and "/admin/glossary" in index


def test_every_family_is_listed_with_its_caseworker_and_found_by_name(
        client, auth, admin, family, other_family):
    auth.login(admin)
    page = text(client.get("/admin/families"))
    assert "The Rivera family" in page and "The Other family" in page
    assert "Caseworker: Sam" in page
    found = text(client.get("/admin/families", query_string={"q": "rivera"}))
    assert "The Rivera family" in found and "The Other family" not in found
    nothing = text(client.get("/admin/families", query_string={"q": "100%_"}))
    assert "No family has a name like that." in nothing


def test_the_list_pages_by_keyset_in_a_fixed_number_of_queries(
        client, auth, admin, db, count_queries):
    worker = factories.make_caseworker()
    made = [factories.make_family(worker, name=f"Family {n}")
            for n in range(admin_families.PAGE_SIZE + 3)]
    auth.login(admin)
    page = text(client.get("/admin/families"))
    assert page.count('class="card__title"') == admin_families.PAGE_SIZE
    before = int(re.search(r"before=(\d+)", page).group(1))
    assert before == made[3].id  # newest first: the oldest three are on the next page
    older = client.get("/admin/families", query_string={"before": before},
                       headers={"HX-Request": "true"})
    assert "<html" not in text(older) and "HX-Request" in older.headers["Vary"]
    assert all(f"Family {n}<" in text(older) for n in range(3))
    # One more family with its own caseworker on the page costs no query more.
    db.session.remove()
    with count_queries() as full_page:
        client.get("/admin/families")
    factories.make_family(name="One more family")
    db.session.remove()
    with count_queries() as again:
        client.get("/admin/families")
    assert again.count == full_page.count, again.statements


@pytest.mark.parametrize("who", ["caseworker", "parent", "pending_member", "suspended_member",
                                 "outsider", None])
def test_only_admins_reach_the_family_admin_pages(request, client, auth, family, kim, db, who):
    if who:
        auth.login(request.getfixturevalue(who))
    assert client.get("/admin/families").status_code == 404
    assert client.get(f"/admin/families/{family.id}/caseworker").status_code == 404
    assert reassign(client, family, kim).status_code == 404
    assert events_of(db, "family.caseworker_changed") == []


def test_an_unknown_family_is_404(client, auth, admin):
    auth.login(admin)
    assert client.get("/admin/families/999999/caseworker").status_code == 404
    assert client.get("/families/999999").status_code == 404


# --- an admin looking at a family --------------------------------------------------------------

def test_each_page_an_admin_opens_is_recorded_once(client, auth, admin, family, parent, db):
    factories.make_message(family, parent, text="Pending words")
    auth.login(admin)
    for path in ("", "/people", "/record", "/messages"):
        assert client.get(f"/families/{family.id}{path}").status_code == 200, path
    views = events_of(db, "family.viewed_by_admin")
    assert [(e.actor_id, e.family_id, e.detail["page"]) for e in views] == [
        (admin.id, family.id, "families.family_home"), (admin.id, family.id, "members.people"),
        (admin.id, family.id, "record.index"), (admin.id, family.id, "messages.thread")]
    # A poll or a piece of a page already recorded is not a new view.
    client.get(f"/families/{family.id}/messages/poll", query_string={"v": 0},
               headers={"HX-Request": "true"})
    assert len(events_of(db, "family.viewed_by_admin")) == 4
    assert "Alex Admin, an admin, looked at the family." in text(
        client.get(f"/families/{family.id}/record"))
    # The admin is no member: the family's people list does not show them.
    auth.logout()
    auth.login(parent)
    assert "Alex Admin" not in text(client.get(f"/families/{family.id}"))


def test_an_admin_looking_at_photos_is_one_line_per_page_not_per_image(
        client, auth, admin, family, parent, db):
    """A gallery of photos is one look at the family: its images write no line (issue 22)."""
    photos = [factories.make_photo(family, parent, caption=f"Day {n}") for n in range(3)]
    auth.login(admin)
    gallery = client.get(f"/families/{family.id}/photos")
    assert gallery.status_code == 200
    images = re.findall(r'<img[^>]* src="([^"]+)"', text(gallery))
    assert len(images) == 3
    for src in images:  # what the browser fetches for the page
        assert client.get(src).status_code == 200
    page = client.get(f"/families/{family.id}/photos/{photos[0].id}")
    for src in re.findall(r'<img[^>]* src="([^"]+)"', text(page)):
        assert client.get(src).status_code == 200
    pages = [e.detail["page"] for e in events_of(db, "family.viewed_by_admin")]
    assert pages == ["photos.gallery", "photos.photo"]
    # Saving a copy is an act of its own, and recorded as one.
    client.get(f"/families/{family.id}/photos/{photos[0].id}/download")
    pages = [e.detail["page"] for e in events_of(db, "family.viewed_by_admin")]
    assert pages == ["photos.gallery", "photos.photo", "photos.download"]


def test_members_are_not_recorded_as_admin_views(client, auth, caseworker, family, db):
    auth.login(caseworker)
    client.get(f"/families/{family.id}")
    assert events_of(db, "family.viewed_by_admin") == []


# --- reassigning the caseworker ----------------------------------------------------------------

def test_the_admin_reassigns_and_the_old_caseworker_loses_access_at_once(
        app, client, auth, admin, caseworker, family, parent, kim, db):
    item = factories.make_family_time(family, caseworker, days_ahead=3)
    old = app.test_client()
    AuthActions(old).login(caseworker)
    assert old.get(f"/families/{family.id}/people").status_code == 200
    db.session.refresh(family)
    version = family.thread_version

    def in_feed(user):
        with app.test_request_context():
            body = ical.feed_calendar(
                user, lambda e: url_for(e.endpoint, _external=True, **e.url_args))
        return f"ft-{item.id}-".encode() in body

    assert in_feed(caseworker)

    auth.login(admin)
    form = text(client.get(f"/admin/families/{family.id}/caseworker"))
    assert "Now: Sam." in form and "Kim Park" in form
    response = reassign(client, family, kim)
    assert response.status_code == 303

    # The very next request of the old caseworker: pages, htmx pieces, polls, the feed.
    assert old.get(f"/families/{family.id}/people").status_code == 404
    assert old.get(f"/families/{family.id}").status_code == 404
    assert old.get(f"/families/{family.id}/messages/poll", query_string={"v": version},
                   headers={"HX-Request": "true"}).status_code == 404
    assert old.get(f"/families/{family.id}/record",
                   headers={"HX-Request": "true"}).status_code == 404
    assert not in_feed(caseworker)
    assert f'href="/families/{family.id}"' not in text(old.get("/families"))

    ended = db.session.scalar(db.select(Membership).filter_by(user_id=caseworker.id,
                                                             family_id=family.id))
    assert ended.status is MembershipStatus.ENDED
    [event] = events_of(db, "family.caseworker_changed")
    assert event.actor_id == admin.id and event.family_id == family.id
    assert event.detail["from_user_ids"] == [caseworker.id]
    assert event.detail["to_user_id"] == kim.id
    assert event.detail["reason"] == "Sam moved to another team."

    new = app.test_client()
    AuthActions(new).login(kim)
    assert new.get(f"/families/{family.id}/people").status_code == 200
    record = text(new.get(f"/families/{family.id}/record"))
    assert ("Alex Admin made Kim Park the caseworker, in place of Sam. "
            "Reason: Sam moved to another team.") in record
    assert in_feed(kim)


def test_reassigning_back_reuses_the_old_membership(client, auth, admin, caseworker, family,
                                                    kim, db):
    auth.login(admin)
    assert reassign(client, family, kim).status_code == 303
    assert reassign(client, family, caseworker, "Sam is back.").status_code == 303
    rows = db.session.scalars(db.select(Membership).filter_by(
        family_id=family.id, role=Role.CASEWORKER).order_by(Membership.id)).all()
    assert [(m.user_id, m.status) for m in rows] == [
        (caseworker.id, MembershipStatus.ACTIVE), (kim.id, MembershipStatus.ENDED)]
    assert len(events_of(db, "family.caseworker_changed")) == 2


@pytest.mark.parametrize("case", ["same", "no reason", "not staff", "turned off", "member"])
def test_bad_choices_are_refused_with_a_message_and_nothing_changes(
        client, auth, admin, caseworker, family, parent, kim, db, case):
    if case == "turned off":
        deactivate(kim, actor=admin, reason="Left the agency")
    person = {"same": caseworker, "not staff": parent}.get(case, kim)
    if case == "member":
        factories.add_member(family, kim, role=Role.PARENT_PARTNER)
    auth.login(admin)
    response = reassign(client, family, person, "" if case == "no reason" else "A reason")
    page = text(response)
    assert response.status_code == 200
    expected = {
        "same": "Sam is already the caseworker.",
        "no reason": "This field is required.",
        "not staff": "Not a valid choice.",
        "turned off": "Not a valid choice.",
        "member": "belongs to this family in another role",
    }[case]
    assert expected in page
    assert events_of(db, "family.caseworker_changed") == []
    cw = db.session.scalar(db.select(Membership).filter_by(user_id=caseworker.id))
    assert cw.status is MembershipStatus.ACTIVE


def test_the_reassign_form_needs_the_csrf_token(app, client, auth, admin, family, kim, db):
    auth.login(admin)
    app.config["WTF_CSRF_ENABLED"] = True
    assert reassign(client, family, kim).status_code == 400
    assert events_of(db, "family.caseworker_changed") == []


def test_the_pages_read_in_spanish(client, auth, family, db):
    boss = factories.make_user(display_name="Ana Jefa", is_admin=True, locale="es")
    auth.login(boss)
    assert "Ver todas las familias" in text(client.get("/admin"))
    assert "Buscar una familia" in text(client.get("/admin/families"))
    assert "Cambiar de trabajador(a) social" in text(client.get("/admin/families"))
    # Two caseworkers, named the way Spanish lists names ("y"), not joined with a comma.
    factories.add_member(family, factories.make_caseworker(display_name="Kim Park"),
                         role=Role.CASEWORKER)
    page = text(client.get("/admin/families"))
    assert "Sam y Kim Park" in page or "Kim Park y Sam" in page


# --- turning a caseworker off ends their sessions ----------------------------------------------

def test_turning_a_caseworker_off_ends_their_sessions_at_once(app, client, auth, admin,
                                                              caseworker, family, db):
    theirs = app.test_client()
    AuthActions(theirs).login(caseworker)
    assert theirs.get(f"/families/{family.id}").status_code == 200

    auth.login(admin)
    response = client.post(f"/admin/accounts/{caseworker.id}/turn-off",
                           data={"reason": "Left the agency"})
    assert response.status_code == 303

    after = theirs.get(f"/families/{family.id}")
    assert after.status_code in (302, 303, 404)
    assert "The Rivera family" not in text(after)
    assert theirs.get(f"/families/{family.id}/people").status_code != 200
    assert len(events_of(db, "account.deactivated")) == 1


def test_an_admin_moderates_and_exports_but_changes_nothing_else_in_a_family(
        app, client, auth, admin, family, parent, pending_member, db):
    from app.models import ContentState, FamilyTimeOccurrence, Message

    waiting = factories.make_message(family, parent, ContentState.PENDING, text="Waiting words")
    planned = factories.make_family_time(family, family.memberships[0].user, days_ahead=3)
    app.config["WTF_CSRF_ENABLED"] = False  # the refusal, not the token, is what is tested
    auth.login(admin)
    base = f"/families/{family.id}"
    # Moderation, in place or from the queue, and the export: allowed.
    assert client.post(f"{base}/messages/{waiting.id}/approve").status_code == 303
    db.session.refresh(waiting)
    assert waiting.is_visible
    assert client.post(f"{base}/export", data={"leave_out_private": "y"}).status_code == 200
    # Everything else that changes the family is for its own caseworker and members.
    refused = [
        (f"{base}/people/{pending_member.memberships[-1].id}/approve", {}),
        (f"{base}/messages", {"text": "An admin writing to the family"}),
        (f"{base}/calendar/{planned.id}/cancel", {"reason": "No."}),
    ]
    for url, data in refused:
        assert client.post(url, data=data).status_code == 403, url
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 1
    assert db.session.scalar(db.select(db.func.count(FamilyTimeOccurrence.id)).filter_by(
        family_time_id=planned.id, outcome="cancelled")) == 0
    assert pending_member.memberships[-1].status is MembershipStatus.PENDING


# --- two admins at the same moment -------------------------------------------------------------

def assign_at_once(app, family, admin, people, monkeypatch):
    """Each person is chosen by an admin in their own thread. Both read the family's current
    caseworkers before either writes: the stale read a real race gives."""
    read = admin_families.active_caseworker_memberships
    after_reading = threading.Barrier(len(people))

    def read_together(family_id):
        found = read(family_id)
        with contextlib.suppress(threading.BrokenBarrierError):
            after_reading.wait(timeout=5)
        return found

    monkeypatch.setattr(admin_families, "active_caseworker_memberships", read_together)
    results = []
    family_id, admin_id, seen = family.id, admin.id, family.caseworker_version

    def assign(person_id):
        with app.app_context():
            session = _db.session
            try:
                admin_families.assign_caseworker(
                    session.get(Family, family_id), session.get(User, person_id),
                    actor=session.get(User, admin_id), reason="A new team.", seen_version=seen)
                results.append(("assigned", person_id))
            except admin_families.Stale:
                results.append(("refused", person_id))
            finally:
                session.remove()

    threads = [threading.Thread(target=assign, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def active_caseworker_ids(db, family):
    db.session.expire_all()
    return list(db.session.scalars(db.select(Membership.user_id).filter_by(
        family_id=family.id, role=Role.CASEWORKER, status=MembershipStatus.ACTIVE)))


def test_two_admins_reassigning_at_the_same_moment_leave_one_caseworker(
        app, admin, caseworker, family, kim, monkeypatch, db):
    lee = factories.make_caseworker(display_name="Lee Ortiz")
    results = assign_at_once(app, family, admin, [kim, lee], monkeypatch)
    assert sorted(kind for kind, _ in results) == ["assigned", "refused"], results
    winner = next(person for kind, person in results if kind == "assigned")
    assert active_caseworker_ids(db, family) == [winner]
    [event] = events_of(db, "family.caseworker_changed")
    assert event.detail["to_user_id"] == winner
    assert event.detail["from_user_ids"] == [caseworker.id]


def test_the_service_twice_with_the_same_seen_state_changes_the_caseworker_once(
        admin, caseworker, family, kim, db):
    lee = factories.make_caseworker(display_name="Lee Ortiz")
    seen = family.caseworker_version
    admin_families.assign_caseworker(family, kim, actor=admin, reason="A new team.",
                                     seen_version=seen)
    with pytest.raises(admin_families.Stale):
        admin_families.assign_caseworker(family, lee, actor=admin, reason="Another team.",
                                         seen_version=seen)
    assert active_caseworker_ids(db, family) == [kim.id]
    assert len(events_of(db, "family.caseworker_changed")) == 1
    # With the number as it is now, the next change goes through.
    admin_families.assign_caseworker(family, lee, actor=admin, reason="Another team.",
                                     seen_version=family.caseworker_version)
    assert active_caseworker_ids(db, family) == [lee.id]


def test_a_caseworker_ended_elsewhere_meanwhile_makes_the_change_stale(
        admin, caseworker, family, kim, monkeypatch, db):
    """The memberships to end are ended only if each is still active, counted."""
    seen = family.caseworker_version
    current = admin_families.active_caseworker_memberships(family.id)
    with db.engine.begin() as other:
        other.execute(db.update(Membership).where(Membership.id == current[0].id)
                      .values(status=MembershipStatus.ENDED))
    # What this request read a moment before the other change.
    monkeypatch.setattr(admin_families, "active_caseworker_memberships", lambda _: current)
    with pytest.raises(admin_families.Stale):
        admin_families.assign_caseworker(family, kim, actor=admin, reason="A new team.",
                                         seen_version=seen)
    assert active_caseworker_ids(db, family) == []
    assert db.session.get(Family, family.id).caseworker_version == seen
    assert events_of(db, "family.caseworker_changed") == []


def test_an_admin_with_an_old_page_is_told_and_nothing_changes(
        app, client, auth, admin, caseworker, family, kim, db):
    lee = factories.make_caseworker(display_name="Lee Ortiz")
    auth.login(admin)
    opened = text(client.get(f"/admin/families/{family.id}/caseworker"))
    seen = re.search(r'name="seen" type="hidden" value="(\d+)"', opened).group(1)
    other_admin = app.test_client()
    AuthActions(other_admin).login(factories.make_user(display_name="Bo Admin", is_admin=True))
    assert reassign(other_admin, family, kim).status_code == 303

    response = reassign(client, family, lee, "Lee knows the family.", seen=seen)
    page = text(response)
    assert response.status_code == 200
    assert "Someone else changed the caseworker while this page was open" in page
    assert "Now: Kim Park." in page
    assert active_caseworker_ids(db, family) == [kim.id]
    assert len(events_of(db, "family.caseworker_changed")) == 1
    # The page now carries the new number: saving again from it works.
    fresh = re.search(r'name="seen" type="hidden" value="(\d+)"', page).group(1)
    assert reassign(client, family, lee, "Lee knows the family.", seen=fresh).status_code == 303
    assert active_caseworker_ids(db, family) == [lee.id]
    # A form without the number (or with a made-up one) is treated as out of date too.
    assert "Someone else changed" in text(reassign(client, family, kim, seen="x"))
    assert active_caseworker_ids(db, family) == [lee.id]
