"""The same refusal answers the same status for every kind of shared item (docs/security.md,
"Refusals"): 404 when the reader may not see the item (it may as well not exist), 403 when
they see it but the action is not theirs (moderating is the caseworker's; taking back,
correcting and reporting have their own rule). Walks messages, photos, events, "about me"
and family time, and checks nothing changed."""

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, ContentState
from tests import factories

KINDS = {  # kind: (its path, the actions its moderation routes offer)
    "message": ("messages", ("approve", "decline", "hide", "withdraw", "report")),
    "photo": ("photos", ("approve", "decline", "hide", "withdraw", "report")),
    "event": ("events", ("approve", "decline", "hide", "withdraw", "report")),
    "about": ("about/versions", ("approve", "decline", "hide", "withdraw", "report")),
    "family_time": ("calendar", ("approve", "decline", "report")),
}
MODERATING = {"approve", "decline", "hide"}


def url(family, kind, item, action):
    return f"/families/{family.id}/{KINDS[kind][0]}/{item.id}/{action}"


def audit_count(db) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def attempt(client, family, kind, item, action):
    return client.post(url(family, kind, item, action), data={"reason": "Because."}).status_code


@pytest.mark.parametrize("kind", KINDS)
def test_an_action_that_is_not_yours_on_an_item_you_see_is_403(
        client, auth, family, parent, resource_parent, db, kind):
    maker = factories.SHARED_ITEM_FACTORIES[kind]
    waiting = maker(family, parent, ContentState.PENDING)  # the author sees their own
    shared = maker(family, parent)
    before = audit_count(db)
    auth.login(parent)  # not the caseworker: moderating their own item is not theirs
    for action in sorted(MODERATING & set(KINDS[kind][1])):
        assert attempt(client, family, kind, waiting, action) == 403, action
        assert attempt(client, family, kind, shared, action) == 403, action
    assert attempt(client, family, kind, shared, "report") == 403  # not their own
    auth.logout()
    auth.login(resource_parent)  # sees the shared item; it is not hers to take back
    if "withdraw" in KINDS[kind][1]:
        assert attempt(client, family, kind, shared, "withdraw") == 403
    assert attempt(client, family, kind, shared, "approve") == 403
    db.session.expire_all()
    assert [db.session.get(type(i), i.id).state for i in (waiting, shared)] == [
        ContentState.PENDING, ContentState.VISIBLE]
    assert audit_count(db) == before


@pytest.mark.parametrize("kind", KINDS)
def test_every_action_on_an_item_you_may_not_see_is_404(
        client, auth, family, parent, resource_parent, other_family, db, kind):
    maker = factories.SHARED_ITEM_FACTORIES[kind]
    waiting = maker(family, parent, ContentState.PENDING)  # only Dana and the caseworker see it
    elsewhere = maker(other_family, other_family.memberships[0].user)
    before = audit_count(db)
    auth.login(resource_parent)
    for action in KINDS[kind][1]:
        assert attempt(client, family, kind, waiting, action) == 404, action
        assert attempt(client, family, kind, elsewhere, action) == 404, action
    db.session.expire_all()
    assert db.session.get(type(waiting), waiting.id).state is ContentState.PENDING
    assert audit_count(db) == before


@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"family_time"}))
def test_a_translation_of_an_item_you_may_not_see_is_404_and_nothing_is_sent(
        app, client, auth, family, parent, resource_parent, other_family, kind):
    """As the item's own page: 404, whether it waits for review or is another family's. The
    stand-in service (a local HTTP server, tests/libretranslate_stand_in.py) hears nothing."""
    from tests.libretranslate_stand_in import StandIn

    maker = factories.SHARED_ITEM_FACTORIES[kind]
    waiting = maker(family, parent, ContentState.PENDING)
    elsewhere = maker(other_family, other_family.memberships[0].user)
    shared = maker(family, parent)
    with StandIn() as stand_in:
        app.config["MACHINE_TRANSLATION_URL"] = stand_in.url
        auth.login(resource_parent)  # reads Spanish: everything by Dana is offered to her
        for item in (waiting, elsewhere):
            for path in (kind, f"{kind}_reason"):
                address = f"/families/{family.id}/translations/{path}/{item.id}"
                assert client.post(address).status_code == 404, address
                assert client.get(address).status_code == 404, address
        assert stand_in.received == []
        # The same reader, the same route, an item she sees: it works (the test can fail).
        if kind != "photo":  # a photo made here has no caption to translate
            assert client.post(f"/families/{family.id}/translations/{kind}/{shared.id}"
                               ).status_code == 303
            assert len(stand_in.received) >= 1
