"""The family message thread, driven the way people use it: send, read, poll, unread, seen by,
correct, take back, report, and the caseworker's review."""

import re

import pytest
from flask import template_rendered

from app import moderation
from app.messages import services
from app.models import (
    ContentState,
    Message,
    ReviewLevel,
)
from tests.factories import make_message, scope_of
from tests.pages import as_read


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
    return as_read(response)


def read_thread(scope):
    """The person opens the thread: its newest page is shown and marked read."""
    return services.read_newest(scope)


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
    assert "Please write a message first." in as_read(empty)
    limit = app.config["MESSAGE_MAX_LENGTH"]
    long = send(client, open_family, "a" * (limit + 1))
    assert long.status_code == 422
    assert f"Please keep it to {limit}" in as_read(long)
    assert f'maxlength="{limit}"' in as_read(long)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_htmx_send_appends_the_message_and_empties_the_box(client, auth, open_family, parent):
    auth.login(parent)
    response = send(client, open_family, "First", htmx=True)
    html = as_read(response)
    assert response.status_code == 200
    assert "First" in html and 'id="thread-latest"' in html
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert box and box.group(1).strip() == ""
    assert "Your message is sent." in html
    # Said in the status line that stays in the page (a new role=status is often not read).
    assert re.search(r'<p id="thread-status"[^>]*hx-swap-oob="true"[^>]*>Your message is sent.<',
                     html)


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
    assert "This message has changed" in as_read(again)
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


def test_older_messages_come_by_keyset_never_offset(client, auth, open_family, parent,
                                                   resource_parent, count_queries, db):
    made = [make_message(open_family, resource_parent, text=f"Note number {n}.")
            for n in range(30)]
    auth.login(parent)
    first_look = page(client, open_family)
    # Never read: the page opens at the first unread message, so all 30 are shown (and read).
    assert "Note number 0." in first_look and "Show older messages" not in first_look
    html = page(client, open_family)
    assert "Note number 29." in html and "Note number 5." in html
    assert "Note number 4." not in html
    assert html.index("Note number 5.") < html.index("Note number 29.")  # oldest at the top
    db.session.expire_all()
    assert f"?before={made[5].position}" in html
    with count_queries() as counted:
        older = page(client, open_family, before=made[5].position)
    assert "Note number 4." in older and "Note number 0." in older
    assert "Note number 5." not in older and "Show older messages" not in older
    # Keyset: the page is found by "position < the oldest shown" (SQLite writes "OFFSET 0" by
    # itself). (SQLite binds "?", PostgreSQL "%(name)s".)
    assert any(re.search(r"messages\.position < (\?|%\(\w+\)s)", s) for s in counted.statements)
    fragment = as_read(client.get(thread_url(open_family),
                                  query_string={"before": made[5].position},
                                  headers={"HX-Request": "true"}))
    assert "Note number 4." in fragment and "<html" not in fragment


def idle_poll(client, family, version, since=""):
    return client.get(f"{thread_url(family)}/poll", query_string={"v": version, "since": since},
                      headers={"HX-Request": "true"})


def test_an_idle_poll_costs_two_queries_and_renders_no_template(client, auth, open_family,
                                                                 parent, resource_parent, db,
                                                                 count_queries, app):
    for n in range(5):
        make_message(open_family, resource_parent, text=f"Hello {n}")
    auth.login(parent)
    page(client, open_family)
    version = current_version(db, open_family)
    rendered = []

    def on_render(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(on_render, app)
    try:
        db.session.remove()  # a cold session, as in a fresh request: nothing cached
        with count_queries() as idle:
            response = idle_poll(client, open_family, version)
        assert response.status_code == 204 and response.data == b""
        assert idle.count <= 2, idle.statements
        assert rendered == []
        # The same poll with an old version does render: the counter above can see a change.
        with count_queries() as busy:
            changed = idle_poll(client, open_family, version - 1)
        assert changed.status_code == 200 and busy.count > 2
        assert "messages/_latest.html" in rendered
    finally:
        template_rendered.disconnect(on_render, app)


def test_a_poll_brings_new_messages_and_a_fresh_version(client, auth, open_family, parent,
                                                        resource_parent, db):
    first = make_message(open_family, resource_parent, text="Are we still on for Saturday?")
    auth.login(parent)
    page(client, open_family)
    version = current_version(db, open_family)
    make_message(open_family, resource_parent, text="Mia wants pancakes.")
    response = idle_poll(client, open_family, version, since=first.position)
    html = as_read(response)
    assert response.status_code == 200
    assert "Mia wants pancakes." in html and "Are we still on for Saturday?" in html
    new_version = current_version(db, open_family)
    assert f"v={new_version}" in html
    assert idle_poll(client, open_family, new_version).status_code == 204
    assert services.unread_count(scope_of(parent, open_family)) == 0  # read as it arrived


def test_the_idle_poll_does_not_keep_a_session_alive(client, auth, open_family, parent, app,
                                                     db):
    auth.login(parent)
    page(client, open_family)
    version = current_version(db, open_family)
    with client.session_transaction() as session:
        session["seen_at"] -= 120  # two minutes without touching the phone, the thread open
        left_at = session["seen_at"]
    assert idle_poll(client, open_family, version).status_code == 204
    with client.session_transaction() as session:
        assert session["seen_at"] == left_at  # polling is not the person being there
    page(client, open_family)
    with client.session_transaction() as session:
        assert session["seen_at"] > left_at
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT_MEMBERS"].total_seconds() + 1
    response = idle_poll(client, open_family, version)
    assert response.status_code == 204 and response.headers.get("HX-Redirect") == "/sign-in"


def nav_badge(html):
    found = re.search(r'class="nav-badge"[^>]*>(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_unread_messages_are_counted_in_the_nav_until_the_thread_is_opened(
        client, auth, open_family, parent, resource_parent, db):
    make_message(open_family, parent, text="Mine do not count")
    make_message(open_family, resource_parent, text="One")
    make_message(open_family, resource_parent, text="Two")
    auth.login(parent)
    home = as_read(client.get(f"/families/{open_family.id}"))
    assert nav_badge(home) == 2 and "(2 unread)" in home
    page(client, open_family)
    home = as_read(client.get(f"/families/{open_family.id}"))
    assert nav_badge(home) == 0 and "unread" not in home


def test_a_message_approved_after_the_reader_looked_is_unread_though_its_id_is_older(
        family, parent, resource_parent, caseworker, db):
    waiting = make_message(family, parent, ContentState.PENDING, text="Sent first, read late")
    make_message(family, caseworker, text="Sam's note, shared at once")
    rosa = scope_of(resource_parent, family)
    read_thread(rosa)
    assert services.unread_count(rosa) == 0
    moderation.approve(waiting, scope_of(caseworker, family))
    assert services.unread_count(rosa) == 1


def test_the_unread_count_is_one_query(family, parent, resource_parent, count_queries, db):
    for _ in range(5):
        make_message(family, resource_parent)
    scope = scope_of(parent, family)
    with count_queries() as counted:
        assert services.unread_count(scope) == 5
    assert counted.count == 1


def test_seen_by_shows_under_the_newest_message_each_person_read(client, auth, open_family,
                                                                 parent, resource_parent,
                                                                 caseworker, db):
    first = make_message(open_family, parent, text="First")
    make_message(open_family, parent, text="Second")
    read_thread(scope_of(resource_parent, open_family))
    read_thread(scope_of(caseworker, open_family))
    make_message(open_family, parent, text="Third, not read yet")
    auth.login(parent)
    html = page(client, open_family)
    assert html.count("Seen by") == 1
    seen = re.search(r'<li id="m(\d+)"(?:(?!</li>).)*Seen by ([^<]*)</p>', html, re.S)
    assert int(seen.group(1)) == first.id + 1 and seen.group(2) == "Rosa and Sam"


def test_read_receipts_turned_off_work_both_ways(client, auth, open_family, parent,
                                                 resource_parent, db):
    make_message(open_family, parent, text="From Dana")
    make_message(open_family, resource_parent, text="From Rosa")
    read_thread(scope_of(resource_parent, open_family))
    read_thread(scope_of(parent, open_family))
    auth.login(resource_parent)
    assert "Visto por Dana" in page(client, open_family)
    response = client.post("/account/read-receipts", data={"read_receipts": ""})
    assert response.status_code == 303
    assert not resource_parent.read_receipts
    assert "Visto por" not in page(client, open_family)  # Rosa sees nobody's
    auth.logout()
    auth.login(parent)
    assert "Seen by Rosa" not in page(client, open_family)  # nobody sees Rosa's
    auth.logout()
    auth.login(resource_parent)
    client.post("/account/read-receipts", data={"read_receipts": "y"})
    auth.logout()
    auth.login(parent)
    assert "Seen by Rosa" in page(client, open_family)


def test_the_account_page_has_the_read_receipts_switch(client, auth, parent):
    auth.login(parent)
    html = as_read(client.get("/account"))
    assert "Show when I have read messages" in html and "checked" in html


def test_times_are_in_the_familys_time_zone_in_the_readers_language(client, auth, open_family,
                                                                    parent, resource_parent,
                                                                    db):
    from datetime import UTC, datetime

    message = make_message(open_family, parent, text="Buenos días")
    message.created_at = datetime(2026, 11, 20, 18, 5, tzinfo=UTC)  # 10:05 in Los Angeles
    db.session.commit()
    auth.login(resource_parent)
    html = page(client, open_family)
    assert re.search(r"vie, 20 nov 2026,? 10:05", html), html[html.find("<time"):][:120]


def test_reading_done_with_receipts_off_is_not_shown_when_they_are_turned_back_on(
        client, auth, open_family, parent, resource_parent, db):
    auth.login(resource_parent)
    client.post("/account/read-receipts", data={"read_receipts": ""})
    make_message(open_family, parent, text="Did Mia sleep well?")
    page(client, open_family)  # Rosa reads it with her receipts off
    client.post("/account/read-receipts", data={"read_receipts": "y"})
    auth.logout()
    auth.login(parent)
    assert "Seen by Rosa" not in page(client, open_family)  # what she read privately stays so
    auth.logout()
    auth.login(resource_parent)
    page(client, open_family)  # she opens the thread again, now sharing receipts
    auth.logout()
    auth.login(parent)
    assert "Seen by Rosa" in page(client, open_family)
