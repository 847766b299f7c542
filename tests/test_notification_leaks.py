"""Nothing leaks through a notification (issue 25): declined, hidden and taken-back items of
every kind, by two authors, reach no one but their author, on the list, through the bell's
count, by opening a line, or in an email; a waiting, paused or ended member hears nothing.

Items are made as the features make them (the notification written with the item, then the
moderation service moves it), so what a reader would have been told before the change is in
the database, and must be gone after it.
"""

import itertools
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import moderation
from app.extensions import db
from app.models import ContentState, MembershipStatus, ReviewLevel, Role
from app.models.notifications import Group, Notification, NotificationDelivery
from app.notifications import choices, delivery, notify
from app.notifications.reading import unread_count
from tests import factories
from tests.conftest import AuthActions
from tests.factories import scope_of
from tests.smtp_inbox import SMTPServer
from tests.test_notifications import as_worker, tomorrow_at

BAD = (ContentState.DECLINED, ContentState.HIDDEN, ContentState.WITHDRAWN)
_days = itertools.count(1)


def _item(kind, family, author, state, caseworker):
    maker = factories.SHARED_ITEM_FACTORIES[kind]
    extra = {}
    if kind == "family_time":
        extra["days_ahead"] = next(_days)
    if kind == "event":
        extra["starts_at"] = factories.utcnow() + timedelta(days=next(_days))
    start = ContentState.PENDING if state is ContentState.DECLINED else ContentState.VISIBLE
    row = maker(family, author, start, **extra)
    notify.item_added(row, author.id)  # as the feature's service does, with the item
    db.session.commit()
    if state is ContentState.DECLINED:
        moderation.decline(row, scope_of(caseworker, family), "Not now.")
    elif state is ContentState.HIDDEN:
        moderation.hide(row, scope_of(caseworker, family), "Please keep it kind.")
    elif state is ContentState.WITHDRAWN:
        moderation.withdraw(row, scope_of(author, family))
    return row


@pytest.fixture
def told(family, caseworker, parent, resource_parent):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    other = factories.make_user(display_name="Luis Rivera", preferred_name="Luis")
    factories.add_member(family, other, role=Role.PARENT)
    partner = factories.make_user(display_name="Pat Partner", preferred_name="Pat")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    items = []
    for kind in sorted(factories.SHARED_ITEM_FACTORIES):
        for author in (parent, resource_parent):
            for state in (ContentState.VISIBLE, *BAD):
                items.append((kind, author, state, _item(kind, family, author, state,
                                                         caseworker)))
    readers = {"author": parent, "resource parent": resource_parent, "other parent": other,
               "parent partner": partner}
    return family, items, readers


def _page_of(kind, family_id, row) -> str:
    return {
        "message": f"/families/{family_id}/messages/{row.id}",
        "photo": f"/families/{family_id}/photos/{row.id}",
        "event": f"/families/{family_id}/events/{row.id}",
        "about": f"/families/{family_id}/children/{getattr(row, 'child_id', 0)}/about",
        "family_time": f"/families/{family_id}/calendar/{row.id}",
    }[kind]


@pytest.mark.parametrize("who", ["author", "resource parent", "other parent", "parent partner"])
def test_no_line_count_link_or_email_tells_of_what_the_reader_may_not_see(app, told, who):
    family, items, readers = told
    reader = readers[who]
    client = app.test_client()
    AuthActions(client).login(reader)
    page = client.get("/notifications").get_data(as_text=True)
    lines = re.findall(r'href="/notifications/(\d+)"', page)
    opened = set()
    for line in lines:
        response = client.get(f"/notifications/{line}")
        assert response.status_code == 303
        opened.add(response.location)
    for kind, author, state, row in items:
        where = _page_of(kind, family.id, row)
        if state in BAD and author.id != reader.id and kind != "about":
            assert where not in opened, f"{who} was told of a {state} {kind}"
        if state is ContentState.VISIBLE and author.id != reader.id:
            assert where in opened, f"{who} was not told of a shared {kind}"  # the walk bites
    # Every line of theirs that is not gone is one the list shows, and the bell counts those.
    assert unread_count(reader) == 0  # all opened above
    # Lines about what the reader may not see never open it, even by their number.
    for notification in db.session.scalars(select(Notification).where(
            Notification.user_id == reader.id, Notification.gone_at.is_not(None))):
        response = client.get(f"/notifications/{notification.id}")
        assert response.location == "/notifications"

    # The same through email: one instant email naming as many things as the list shows.
    reader.email = reader.email or "reader@example.org"
    for group in Group:
        choices.set_mode(reader.id, group, choices.Channel.EMAIL, choices.Mode.INSTANT)
    row = choices.settings_row(reader.id)
    row.quiet_hours, row.show_details = False, True
    db.session.commit()
    # What they were told before the email was chosen has no outbox row: tell them again
    # the way a new item would, so every line is on its way.
    db.session.execute(NotificationDelivery.__table__.delete().where(
        NotificationDelivery.user_id == reader.id))
    db.session.execute(Notification.__table__.delete().where(Notification.user_id == reader.id))
    db.session.commit()
    for kind, author, state, item in items:
        if author.id != reader.id:
            notify.item_shared(item, author.id) if state is ContentState.VISIBLE else None
            # and the bad ones as if written before the change, then left waiting
            if state in BAD:
                notify._write([reader.id], family.id, notify.SHARED_KIND[kind], kind,
                              item.id, author.id)
    db.session.commit()
    with SMTPServer() as smtp:
        app.config.update(smtp.settings())
        as_worker(app, delivery.deliver_due, tomorrow_at(12))
        (mail,) = smtp.inbox.messages
    shared_by_others = sum(1 for _k, author, state, _r in items
                           if author.id != reader.id and state is ContentState.VISIBLE)
    body = mail.get_content()
    told_lines = [line for line in body.splitlines() if line.strip().endswith(".")
                  and not line.startswith(("Open Hearth", "You get", "Stop", "-- "))]
    assert len(told_lines) == shared_by_others, body


@pytest.mark.parametrize("status", [MembershipStatus.PENDING, MembershipStatus.SUSPENDED,
                                    MembershipStatus.ENDED])
def test_a_member_not_let_in_hears_nothing_of_the_family(app, family, parent, resource_parent,
                                                         status):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    person = factories.make_user(email="waiting@example.org")
    factories.add_member(family, person, role=Role.PARENT, status=status)
    message = factories.make_message(family, parent)
    notify.item_added(message, parent.id)
    db.session.commit()
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == person.id)).all() == []
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == resource_parent.id)).all() != []  # the check can fail
