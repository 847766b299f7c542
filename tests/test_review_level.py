"""The family's review level: the caseworker changes it with a reason, members read it in plain
words where they write, and changing it never moves an item that is already shared or not."""

import pytest

from app import moderation
from app.models import AuditEvent, ContentState, Family, Message, ReviewLevel, Role
from app.review_level import services
from tests import factories
from tests.factories import SHARED_ITEM_FACTORIES, scope_of
from tests.pages import as_read

KINDS = sorted(SHARED_ITEM_FACTORIES)


def url(family):
    return f"/families/{family.id}/review-level"


def text(response):
    return as_read(response)


def change(client, family, level, reason="The family talks well together now."):
    return client.post(url(family), data={"level": level, "reason": reason})


def level_events(db):
    return db.session.scalars(
        db.select(AuditEvent).filter_by(action="family.review_level_changed")).all()


# --- the caseworker changes it -----------------------------------------------------------------

def test_the_caseworker_opens_the_family_with_a_reason_and_it_is_recorded_once(
        client, auth, caseworker, family, db):
    auth.login(caseworker)
    home = text(client.get(f"/families/{family.id}"))
    assert "Now: you read what the family shares before others see it." in home
    assert url(family) in home  # reachable from the family home
    form = text(client.get(url(family)))
    assert 'name="reason"' in form and 'value="open"' in form

    response = change(client, family, "open")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/families/{family.id}")
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.OPEN
    [event] = level_events(db)
    assert event.actor_id == caseworker.id and event.family_id == family.id
    assert event.detail == {"reason": "The family talks well together now.",
                            "from": "reviewed", "to": "open"}
    record = text(client.get(f"/families/{family.id}/record"))
    assert ("Sam changed how sharing works: things now go out right away. "
            "Reason: The family talks well together now.") in record

    assert change(client, family, "reviewed", "A hard week: I will read first.").status_code == 303
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED
    assert len(level_events(db)) == 2
    assert "the caseworker now reads things before they are shared. Reason: A hard week" in text(
        client.get(f"/families/{family.id}/record"))


@pytest.mark.parametrize("data, message", [
    ({"level": "open", "reason": "   "}, "This field is required."),
    ({"level": "reviewed", "reason": "No change"}, "The family already works this way."),
    ({"level": "locked", "reason": "Not a level"}, "Not a valid choice."),
    ({"reason": "No level chosen"}, "Choose one."),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(client, auth, caseworker, family, db,
                                                          data, message):
    auth.login(caseworker)
    response = client.post(url(family), data=data)
    assert response.status_code == 200 and message in text(response)
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED and level_events(db) == []


def test_without_the_csrf_token_nothing_changes(app, client, auth, caseworker, family, db):
    auth.login(caseworker)
    app.config["WTF_CSRF_ENABLED"] = True
    assert change(client, family, "open").status_code == 400
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED and level_events(db) == []


def test_the_caseworker_sees_it_in_spanish(client, auth, family, db):
    worker = factories.make_caseworker(display_name="Lucía Gómez", locale="es")
    factories.add_member(family, worker, role=Role.CASEWORKER)
    auth.login(worker)
    form = text(client.get(url(family)))
    assert "Cómo se comparte" in form
    response = client.post(url(family), data={"level": "reviewed", "reason": "Igual"})
    assert "La familia ya funciona así." in text(response)


# --- who may change it -------------------------------------------------------------------------

@pytest.mark.parametrize("visitor, code", [
    ("parent", 403), ("resource_parent", 403), ("outsider", 404), ("pending_member", 404),
    ("suspended_member", 404), (None, 404),
])
def test_only_the_familys_caseworker_may_change_it(request, client, auth, family, db, visitor,
                                                   code):
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    assert client.get(url(family)).status_code == code
    assert change(client, family, "open").status_code == code
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED and level_events(db) == []


def test_a_caseworker_of_another_family_gets_404(client, auth, family, other_family, db):
    auth.login(other_family.memberships[0].user)
    assert client.get(url(family)).status_code == 404
    assert change(client, family, "open").status_code == 404
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED


def test_an_admin_may_change_it_and_is_named_in_the_record(client, auth, admin, family, db):
    auth.login(admin)
    assert change(client, family, "open", "The caseworker is away; agreed with them.") \
        .status_code == 303
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.OPEN
    [event] = level_events(db)
    assert event.actor_id == admin.id


def test_the_service_refuses_members(family, parent, db):
    with pytest.raises(services.NotAllowed):
        services.change_level(scope_of(parent, family), ReviewLevel.OPEN, "I want it open")
    db.session.refresh(family)
    assert family.review_level is ReviewLevel.REVIEWED and level_events(db) == []


def test_two_caseworkers_changing_it_at_once_make_one_change(make_app, family, caseworker, db):
    stale = scope_of(caseworker, family)  # this page read "reviewed"
    with make_app().app_context():  # another request, another session, a moment earlier
        services.change_level(scope_of(caseworker, db.session.get(Family, family.id)),
                              ReviewLevel.OPEN, "First")
    with pytest.raises(services.NotAllowed):
        services.change_level(stale, ReviewLevel.OPEN, "Second")
    db.session.expire_all()
    assert family.review_level is ReviewLevel.OPEN
    assert [e.detail["reason"] for e in level_events(db)] == ["First"]


# --- what members read -------------------------------------------------------------------------

REVIEWED_WORDS = {
    "": "Your caseworker reads messages before they are shared.",
    "/messages": "Your caseworker reads messages before they are shared.",
    "/photos/new": "The caseworker looks at each photo before the family sees it.",
    "/events/new": "Your caseworker looks at new events first. Others see it after that.",
}
OPEN_WORDS = {
    "": "Messages are shared right away. Your caseworker can still read them.",
    "/messages": "Messages are shared right away. Your caseworker can still read them.",
    "/photos/new": "Photos are shared right away. Your caseworker can still see them.",
    "/events/new": "Events are shared right away. Your caseworker can still see them.",
}


def test_members_read_the_level_in_plain_words_where_they_write(client, auth, caseworker, family,
                                                                 parent, db):
    auth.login(parent)
    for path, words in REVIEWED_WORDS.items():
        page = text(client.get(f"/families/{family.id}{path}"))
        assert words in page, path
        assert OPEN_WORDS[path] not in page, path
        assert "Change how sharing works" not in page
    services.change_level(scope_of(caseworker, family), ReviewLevel.OPEN, "Trust is built")
    for path, words in OPEN_WORDS.items():
        page = text(client.get(f"/families/{family.id}{path}"))
        assert words in page, path
        assert REVIEWED_WORDS[path] not in page, path


def test_the_resource_parent_reads_it_in_spanish(client, auth, family, resource_parent):
    auth.login(resource_parent)  # Rosa reads Hearth in Spanish
    home = text(client.get(f"/families/{family.id}"))
    assert "Su trabajador(a) social lee los mensajes antes de que se compartan." in home


# --- changing it never moves an item -----------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("to_level, from_level", [
    (ReviewLevel.OPEN, ReviewLevel.REVIEWED), (ReviewLevel.REVIEWED, ReviewLevel.OPEN)])
def test_changing_the_level_keeps_every_item_where_it_was(kind, to_level, from_level, family,
                                                          caseworker, parent, resource_parent,
                                                          db):
    family.review_level = from_level
    db.session.commit()
    make = SHARED_ITEM_FACTORIES[kind]
    items = {state: make(family, parent, state) for state in (
        ContentState.PENDING, ContentState.VISIBLE, ContentState.DECLINED, ContentState.HIDDEN,
        ContentState.WITHDRAWN)}
    model = type(items[ContentState.VISIBLE])

    services.change_level(scope_of(caseworker, family), to_level, "A new stage of the case")

    db.session.expire_all()
    assert {state: db.session.get(model, item.id).state for state, item in items.items()} == {
        state: state for state in items}
    others_see = set(db.session.scalars(
        moderation.may_see(model, scope_of(resource_parent, family)).with_only_columns(model.id)))
    assert others_see == {items[ContentState.VISIBLE].id}
    feed_sees = set(db.session.scalars(
        moderation.may_see(model, scope_of(resource_parent, family), shared_only=True)
        .with_only_columns(model.id)))
    assert feed_sees == {items[ContentState.VISIBLE].id}


def test_after_opening_a_waiting_message_still_waits_and_a_new_one_is_seen_at_once(
        client, auth, caseworker, family, parent, resource_parent, db):
    waiting = factories.make_message(family, parent, ContentState.PENDING, text="Sent before.")
    factories.make_message(family, parent, ContentState.DECLINED, text="Not shared at all.")
    factories.make_message(family, parent, ContentState.HIDDEN, text="Hidden with a reason.")
    services.change_level(scope_of(caseworker, family), ReviewLevel.OPEN, "Trust is built")

    auth.login(parent)
    assert client.post(f"/families/{family.id}/messages",
                       data={"text": "Sent after opening."}).status_code == 303
    auth.logout()
    auth.login(resource_parent)
    thread = text(client.get(f"/families/{family.id}/messages"))
    assert "Sent after opening." in thread
    for unseen in ("Sent before.", "Not shared at all.", "Hidden with a reason."):
        assert unseen not in thread
    db.session.refresh(waiting)
    assert waiting.state is ContentState.PENDING
    newest = db.session.scalars(db.select(Message).order_by(Message.id.desc())).first()
    assert newest.state is ContentState.VISIBLE
