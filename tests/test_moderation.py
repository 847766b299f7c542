"""The moderation service and "may see", run on every kind of shared item (DESIGN.md).

Each kind registers a maker in tests/factories.SHARED_ITEM_FACTORIES, so a new kind of item is
held to every rule here without a new test.
"""

import pytest

from app import moderation
from app.models import AuditEvent, ContentState, ReviewLevel, Role
from tests import factories
from tests.factories import SHARED_ITEM_FACTORIES, scope_of

KINDS = sorted(SHARED_ITEM_FACTORIES)


@pytest.fixture(params=KINDS)
def make_item(request, family):
    maker = SHARED_ITEM_FACTORIES[request.param]

    def make(author, state=ContentState.VISIBLE):
        return maker(family, author, state)

    return make


def visible_ids(model, reader, family, db):
    return set(db.session.scalars(
        moderation.may_see(model, scope_of(reader, family)).with_only_columns(model.id)
    ))


def test_new_items_start_by_the_familys_review_level(family, parent, caseworker, db):
    family.review_level = ReviewLevel.REVIEWED
    db.session.commit()
    assert moderation.new_item_state(scope_of(parent, family)) is ContentState.PENDING
    assert moderation.new_item_state(scope_of(caseworker, family)) is ContentState.VISIBLE
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    assert moderation.new_item_state(scope_of(parent, family)) is ContentState.VISIBLE


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_who_may_see_what(make_item, family, parent, resource_parent, caseworker, db):
    items = {state: make_item(parent, state) for state in ContentState}
    model = type(items[ContentState.VISIBLE])
    ids = {state: item.id for state, item in items.items()}
    assert visible_ids(model, resource_parent, family, db) == {ids[ContentState.VISIBLE]}
    assert visible_ids(model, parent, family, db) == {
        ids[s] for s in (ContentState.VISIBLE, ContentState.PENDING, ContentState.DECLINED,
                         ContentState.HIDDEN)
    }
    assert visible_ids(model, caseworker, family, db) == set(ids.values())


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_another_familys_items_are_never_seen(make_item, family, parent, outsider,
                                              other_family, db):
    item = make_item(parent)
    assert item.id not in visible_ids(type(item), outsider, other_family, db)


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_the_caseworker_approves_declines_and_hides_with_a_record(make_item, parent,
                                                                  caseworker, family, db):
    sam = scope_of(caseworker, family)
    waiting, unwanted, shared = (make_item(parent, ContentState.PENDING),
                                 make_item(parent, ContentState.PENDING), make_item(parent))
    moderation.approve(waiting, sam)
    moderation.decline(unwanted, sam, "  Please leave out the school's name.  ")
    moderation.hide(shared, sam, "Shows another child's face")
    assert waiting.state is ContentState.VISIBLE
    assert (unwanted.state, unwanted.state_reason) == (ContentState.DECLINED,
                                                       "Please leave out the school's name.")
    assert shared.state is ContentState.HIDDEN and shared.moderated_by_id == caseworker.id
    kind = type(waiting).audit_name
    actions = [e.action for e in db.session.scalars(
        db.select(AuditEvent).filter_by(family_id=family.id).order_by(AuditEvent.id))]
    assert actions[-3:] == [f"{kind}.approved", f"{kind}.declined", f"{kind}.hidden"]


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_members_cannot_moderate_and_only_the_author_withdraws(make_item, parent,
                                                              resource_parent, family, db):
    item = make_item(parent, ContentState.PENDING)
    with pytest.raises(moderation.NotAllowed):
        moderation.approve(item, scope_of(parent, family))
    shared = make_item(parent)
    with pytest.raises(moderation.NotAllowed):
        moderation.withdraw(shared, scope_of(resource_parent, family))
    moderation.withdraw(shared, scope_of(parent, family))
    assert shared.state is ContentState.WITHDRAWN
    assert item.state is ContentState.PENDING


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_two_caseworkers_at_once_cannot_both_act(make_item, parent, caseworker, family, db):
    colleague = factories.make_caseworker()
    factories.add_member(family, colleague, role=Role.CASEWORKER)
    item = make_item(parent, ContentState.PENDING)
    stale = db.session.get(type(item), item.id)
    moderation.approve(item, scope_of(caseworker, family))
    with pytest.raises(moderation.NotAllowed):
        moderation.decline(stale, scope_of(colleague, family), "too late")
    assert db.session.get(type(item), item.id).state is ContentState.VISIBLE


@pytest.mark.skipif(not KINDS, reason="no kind of shared item is registered yet")
def test_a_caseworker_of_another_family_cannot_touch_it(make_item, parent, other_family, db):
    item = make_item(parent, ContentState.PENDING)
    other_caseworker = db.session.get(type(parent), other_family.created_by_id)
    with pytest.raises(moderation.NotAllowed):
        moderation.approve(item, scope_of(other_caseworker, other_family))
    assert item.state is ContentState.PENDING
