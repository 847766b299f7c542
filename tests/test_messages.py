"""The family message thread, driven the way people use it: send, read, poll, unread, seen by,
correct, take back, report, and the caseworker's review."""

import re

import pytest

from app.models import (
    ContentState,
    Message,
    ReviewLevel,
)
from tests.factories import make_message


@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def thread_url(family):
    return f"/families/{family.id}/messages"


def send(client, family, text, htmx=False, **more):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(thread_url(family), data={"text": text, **more}, headers=headers)


def page(client, family, **args):
    response = client.get(thread_url(family), query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def current_version(db, family):
    db.session.refresh(family)
    return family.thread_version


def test_a_parent_sends_and_others_read_it_with_name_and_label(client, auth, open_family,
                                                                parent, resource_parent, db):
    auth.login(parent)
    response = send(client, open_family, "Mia loved the park.\nSee you Tuesday!")
    assert response.status_code == 303
    message = db.session.scalars(db.select(Message)).one()
    assert response.headers["Location"].endswith(f"/messages#m{message.id}")
    auth.logout()
    auth.login(resource_parent)
    html = page(client, open_family)
    assert "Dana — Mom" in html
    assert "Mia loved the park.\nSee you Tuesday!" in html  # line breaks kept (pre-wrap)
    assert [r.text for r in message.revisions] == ["Mia loved the park.\nSee you Tuesday!"]


def test_text_is_escaped_and_https_links_are_safe(client, auth, open_family, parent):
    auth.login(parent)
    send(client, open_family, '<script>alert(1)</script> https://example.org/a?b=1 '
                              'javascript:alert(2) http://plain.example')
    html = page(client, open_family)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert ('<a href="https://example.org/a?b=1" rel="noopener noreferrer"' in html)
    assert 'href="javascript' not in html and 'href="http://plain' not in html


def test_empty_and_too_long_messages_are_refused_with_a_clear_message(client, auth,
                                                                      open_family, parent, db,
                                                                      app):
    auth.login(parent)
    empty = send(client, open_family, "   ")
    assert empty.status_code == 422
    assert "Please write a message first." in empty.get_data(as_text=True)
    limit = app.config["MESSAGE_MAX_LENGTH"]
    long = send(client, open_family, "a" * (limit + 1))
    assert long.status_code == 422
    assert f"Please keep it to {limit}" in long.get_data(as_text=True)
    assert f'maxlength="{limit}"' in long.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_htmx_send_appends_the_message_and_empties_the_box(client, auth, open_family, parent):
    auth.login(parent)
    response = send(client, open_family, "First", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "First" in html and 'id="thread-latest"' in html
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert box and box.group(1).strip() == ""
    assert "Your message is sent." in html


def test_in_a_reviewed_family_a_message_waits_for_the_caseworker(client, auth, family, parent,
                                                                 resource_parent, caseworker,
                                                                 db):
    auth.login(parent)
    send(client, family, "Can we move family time to Friday?")
    message = db.session.scalars(db.select(Message)).one()
    assert message.state is ContentState.PENDING
    assert "Waiting for your caseworker to read it." in page(client, family)
    auth.logout()
    auth.login(resource_parent)
    assert "move family time" not in page(client, family)
    auth.logout()
    auth.login(caseworker)
    html = page(client, family)
    assert "Waiting for your review" in html and "Approve" in html
    response = client.post(f"{thread_url(family)}/{message.id}/approve")
    assert response.status_code == 303
    assert db.session.get(Message, message.id).state is ContentState.VISIBLE
    # A second, stale approval is explained, not an error.
    again = client.post(f"{thread_url(family)}/{message.id}/approve", follow_redirects=True)
    assert "This message has changed" in again.get_data(as_text=True)
    auth.logout()
    auth.login(resource_parent)
    assert "move family time" in page(client, family)


def test_the_caseworker_declines_with_a_reason_the_author_reads(client, auth, family, parent,
                                                                caseworker, db):
    message = make_message(family, parent, ContentState.PENDING, text="Rude words")
    auth.login(caseworker)
    response = client.post(f"{thread_url(family)}/{message.id}/decline",
                           data={"reason": "Please keep it kind."})
    assert response.status_code == 303
    auth.logout()
    auth.login(parent)
    assert "Not shared: Please keep it kind." in page(client, family)
