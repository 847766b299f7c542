"""Corrections, taking back, reports, hiding and every version: the record is kept, and text
nobody else may read never reaches their page, fragment or poll."""

import re
from datetime import timedelta

import pytest

from app.models import AuditEvent, ContentState, Message, ReviewLevel
from app.models.reports import Report
from tests.factories import make_message
from tests.pages import as_read
from tests.test_messages import current_version, idle_poll, page, thread_url


@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def message_url(family, message, action=""):
    return f"{thread_url(family)}/{message.id}{action}"


def actions(db, family):
    return [e.action for e in db.session.scalars(
        db.select(AuditEvent).filter_by(family_id=family.id).order_by(AuditEvent.id))]


def everything_rosa_can_get(client, family, message):
    """The page, an older page, the poll and the one-message fragment, as Rosa."""
    htmx = {"HX-Request": "true"}
    return "".join([
        page(client, family),
        page(client, family, before=message.position + 1),
        as_read(idle_poll(client, family, -1)),
        as_read(client.get(message_url(family, message), headers=htmx)),
    ])


def test_the_author_corrects_within_the_window_and_the_caseworker_reads_every_version(
        client, auth, open_family, parent, resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Family time is at 3.")
    auth.login(parent)
    form = as_read(client.get(message_url(open_family, message, "/edit")))
    assert "Family time is at 3." in form
    response = client.post(message_url(open_family, message, "/edit"),
                           data={f"m{message.id}-text": "Family time is at 4."})
    assert response.status_code == 303
    db.session.refresh(message)
    assert message.text == "Family time is at 4." and message.edited_at is not None
    assert [r.text for r in message.revisions] == ["Family time is at 3.", "Family time is at 4."]
    assert "message.edited" in actions(db, open_family)
    auth.logout()
    auth.login(resource_parent)
    html = page(client, open_family)
    assert "Family time is at 4." in html and "corregido" in html  # "edited", in Spanish
    assert "Family time is at 3." not in html
    assert client.get(message_url(open_family, message, "/history")).status_code == 404
    auth.logout()
    auth.login(caseworker)
    history = as_read(client.get(message_url(open_family, message, "/history")))
    assert "Family time is at 3." in history and "Family time is at 4." in history


def test_htmx_correction_happens_in_place(client, auth, open_family, parent, db):
    message = make_message(open_family, parent, text="Typo hre")
    auth.login(parent)
    htmx = {"HX-Request": "true"}
    form = client.get(message_url(open_family, message, "/edit"), headers=htmx)
    html = as_read(form)
    assert f'<li id="m{message.id}"' in html and "<html" not in html
    assert f'name="m{message.id}-text"' in html and "Typo hre" in html
    saved = as_read(client.post(message_url(open_family, message, "/edit"), headers=htmx,
                        data={f"m{message.id}-text": "Typo here"}))
    assert f'<li id="m{message.id}"' in saved and "Typo here" in saved
    assert "Your correction is saved." in saved


def test_after_the_window_nothing_changes_and_the_author_is_told(client, auth, open_family,
                                                                  parent, db, app):
    message = make_message(open_family, parent, text="Old words")
    message.created_at -= timedelta(minutes=app.config["MESSAGE_EDIT_MINUTES"] + 1)
    db.session.commit()
    auth.login(parent)
    response = client.post(message_url(open_family, message, "/edit"),
                           data={f"m{message.id}-text": "New words"}, follow_redirects=True)
    assert "The time to correct this message is over." in as_read(response)
    db.session.refresh(message)
    assert message.text == "Old words" and len(message.revisions) == 1


def test_only_the_author_corrects_or_takes_back(client, auth, open_family, parent,
                                                resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Dana's words")
    for person in (resource_parent, caseworker):
        auth.login(person)
        # They read the message; changing it is its author's (docs/security.md, "Refusals").
        assert client.get(message_url(open_family, message, "/edit")).status_code == 403
        assert client.post(message_url(open_family, message, "/edit"),
                           data={f"m{message.id}-text": "Changed"}).status_code == 403
        assert client.post(message_url(open_family, message, "/withdraw")).status_code == 403
        auth.logout()
    db.session.refresh(message)
    assert message.text == "Dana's words" and message.state is ContentState.VISIBLE


def test_a_correction_in_a_reviewed_family_waits_and_nobody_else_reads_it(
        client, auth, family, parent, resource_parent, caseworker, db):
    message = make_message(family, parent, text="Approved words")
    auth.login(parent)
    client.post(message_url(family, message, "/edit"),
                data={f"m{message.id}-text": "Unreviewed words"})
    db.session.refresh(message)
    assert message.state is ContentState.PENDING
    assert "Waiting for your caseworker to read it." in page(client, family)
    auth.logout()
    auth.login(resource_parent)
    seen = everything_rosa_can_get(client, family, message)
    assert "Unreviewed words" not in seen and "Approved words" not in seen
    auth.logout()
    auth.login(caseworker)
    html = page(client, family)
    assert "Unreviewed words" in html
    seen = message.edited_at.isoformat()  # the version the approve button carries
    assert f'name="seen" value="{seen}"' in html
    client.post(message_url(family, message, "/approve"), data={"seen": seen})
    auth.logout()
    auth.login(resource_parent)
    assert "Unreviewed words" in page(client, family)


def test_a_withdrawn_message_is_a_placeholder_for_others_and_text_for_the_caseworker(
        client, auth, open_family, parent, resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Words I regret")
    auth.login(parent)
    confirm = client.get(message_url(open_family, message, "/withdraw"))
    assert "Take back this message?" in as_read(confirm)
    assert client.post(message_url(open_family, message, "/withdraw")).status_code == 303
    db.session.refresh(message)
    assert message.state is ContentState.WITHDRAWN
    assert "message.withdrawn" in actions(db, open_family)
    assert "Words I regret" not in page(client, open_family)  # the author too: it is taken back
    auth.logout()
    auth.login(resource_parent)
    seen = everything_rosa_can_get(client, open_family, message)
    assert "Words I regret" not in seen
    assert "Dana retiró un mensaje." in seen
    auth.logout()
    auth.login(caseworker)
    html = page(client, open_family)
    assert "Words I regret" in html and "Taken back by the person who wrote it" in html


def test_a_waiting_message_can_be_taken_back(client, auth, family, parent, db):
    message = make_message(family, parent, ContentState.PENDING, text="Second thoughts")
    auth.login(parent)
    response = client.post(message_url(family, message, "/withdraw"),
                           headers={"HX-Request": "true"})
    assert "Your message is taken back." in as_read(response)
    db.session.refresh(message)
    assert message.state is ContentState.WITHDRAWN


def test_a_member_reports_a_message_and_only_the_caseworker_sees_the_reason(
        client, auth, open_family, parent, resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Something worrying")
    auth.login(resource_parent)
    empty = client.post(message_url(open_family, message, "/report"), data={"reason": " "})
    assert "Por favor, cuéntenos qué le preocupa." in as_read(empty)
    long = client.post(message_url(open_family, message, "/report"), data={"reason": "x" * 501})
    assert long.status_code == 200 and db.session.scalar(db.select(db.func.count(Report.id))) == 0
    response = client.post(message_url(open_family, message, "/report"),
                           data={"reason": "It names the school."})
    assert response.status_code == 303
    report = db.session.scalars(db.select(Report)).one()
    assert (report.item_kind, report.item_id, report.reporter_id) == (
        "message", message.id, resource_parent.id)
    assert "message.reported" in actions(db, open_family)
    assert "Usted avisó sobre este mensaje." in page(client, open_family)
    auth.logout()
    auth.login(parent)
    html = page(client, open_family)
    assert "It names the school." not in html and "reported" not in html.lower()
    assert client.get(message_url(open_family, message, "/report")).status_code == 403
    auth.logout()
    auth.login(caseworker)
    html = page(client, open_family)
    assert "Reported once" in html and "Rosa: It names the school." in html


def test_a_hidden_message_is_gone_for_others_and_its_author_reads_why(
        client, auth, open_family, parent, resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Too much detail")
    auth.login(caseworker)
    response = client.post(message_url(open_family, message, "/hide"),
                           data={"reason": "It shows the home address."})
    assert response.status_code == 303
    auth.logout()
    auth.login(resource_parent)
    assert "Too much detail" not in everything_rosa_can_get(client, open_family, message)
    auth.logout()
    auth.login(parent)
    assert "It shows the home address." in page(client, open_family)


def test_every_change_moves_the_thread_version(client, auth, open_family, parent,
                                               resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Hello")
    before = current_version(db, open_family)
    auth.login(parent)
    client.post(message_url(open_family, message, "/edit"),
                data={f"m{message.id}-text": "Hello there"})
    assert current_version(db, open_family) > before
    before = current_version(db, open_family)
    auth.logout()
    auth.login(resource_parent)
    client.post(message_url(open_family, message, "/report"), data={"reason": "Why"})
    assert current_version(db, open_family) > before
    before = current_version(db, open_family)
    auth.logout()
    auth.login(caseworker)
    client.post(message_url(open_family, message, "/hide"), data={"reason": "Because"})
    assert current_version(db, open_family) > before


ROUTES = [("GET", ""), ("GET", "/edit"), ("POST", "/edit"), ("GET", "/withdraw"),
          ("POST", "/withdraw"), ("GET", "/report"), ("POST", "/report"), ("GET", "/history"),
          ("POST", "/approve"), ("GET", "/decline"), ("POST", "/decline"), ("GET", "/hide"),
          ("POST", "/hide")]


def test_a_message_of_another_family_is_404_through_this_familys_urls(
        client, auth, open_family, caseworker, parent, other_family, db):
    other_author = other_family.memberships[0].user
    theirs = make_message(other_family, other_author, ContentState.PENDING, text="Not yours")
    for person in (caseworker, parent):
        auth.login(person)
        for method, action in ROUTES:
            response = client.open(message_url(open_family, theirs, action), method=method,
                                   data={"reason": "x", f"m{theirs.id}-text": "y"},
                                   headers={"HX-Request": "true"})
            assert response.status_code == 404, (person, method, action)
        auth.logout()
    db.session.refresh(theirs)
    assert theirs.state is ContentState.PENDING and theirs.text == "Not yours"


def test_another_familys_messages_never_reach_this_thread(client, auth, open_family, parent,
                                                          other_family, outsider, db):
    from app.messages import services
    from tests.factories import scope_of

    mine = make_message(open_family, parent, text="Rivera words")
    make_message(other_family, outsider, text="Other family words")
    auth.login(parent)
    seen = everything_rosa_can_get(client, open_family, mine)
    assert "Other family words" not in seen and "Rivera words" in seen
    assert services.unread_count(scope_of(parent, open_family)) == 0
    assert services.unread_by_family(parent.id) == {}


def test_my_families_shows_unread_per_family(client, auth, open_family, parent,
                                             resource_parent, other_family):
    from app.messages import services
    from tests import factories

    factories.add_member(other_family, parent)
    make_message(open_family, resource_parent)
    make_message(open_family, resource_parent)
    assert services.unread_by_family(parent.id) == {open_family.id: 2}
    auth.login(parent)
    html = as_read(client.get("/families"))
    assert "2 unread messages" in html


def test_the_demo_thread_reads_like_weeks_of_conversation(demo, db):
    from app.models import Family

    rivera = db.session.scalar(db.select(Family).filter_by(name="The Rivera family"))
    nguyen = db.session.scalar(db.select(Family).filter_by(name="The Nguyen family"))
    rows = db.session.scalars(db.select(Message).filter_by(family_id=rivera.id)
                              .order_by(Message.id)).all()
    assert len(rows) >= 15
    assert (rows[-1].created_at - rows[0].created_at).days >= 14
    assert [m.state for m in rows].count(ContentState.WITHDRAWN) == 1
    assert any(len(m.revisions) == 2 and m.edited_at for m in rows)
    words = " ".join(m.text for m in rows).lower()
    for term in ("case plan", "family time", "reunification", "trial home visit", "gal",
                 "casa", "safety plan", "drug screen", "tiempo en familia"):
        assert term in words, term
    nguyen_messages = db.session.scalars(db.select(Message).filter_by(family_id=nguyen.id)).all()
    waiting = [m for m in nguyen_messages if m.state is ContentState.PENDING]
    assert [m.author.name for m in waiting] == ["Chris"]  # Sam shared the others


def test_the_record_tells_message_changes_in_plain_words(client, auth, open_family, parent,
                                                         resource_parent, caseworker, db):
    message = make_message(open_family, parent, text="Words")
    auth.login(resource_parent)
    client.post(message_url(open_family, message, "/report"), data={"reason": "Too harsh"})
    auth.logout()
    auth.login(parent)
    client.post(message_url(open_family, message, "/edit"), data={f"m{message.id}-text": "W"})
    client.post(message_url(open_family, message, "/withdraw"))
    auth.logout()
    auth.login(caseworker)
    record = as_read(client.get(f"/families/{open_family.id}/record"))
    assert "Rosa reported a message to the caseworker. Reason: Too harsh" in record
    assert "Dana corrected a message." in record and "Dana took back a message." in record
    assert not re.search(r">\s*message\.\w+", record)  # no raw action names


def test_names_labels_and_reasons_are_escaped_everywhere(client, auth, open_family,
                                                         caseworker, db):
    from app.models import Role
    from tests import factories

    author = factories.make_user(preferred_name="<b>Dee</b>")
    factories.add_member(open_family, author, role=Role.PARENT, relationship_label="<i>Mom</i>")
    reader = factories.make_user(preferred_name="<u>Ray</u>")
    factories.add_member(open_family, reader, role=Role.PARENT)
    taken_back = make_message(open_family, author, ContentState.WITHDRAWN, text="gone",
                              shared_seq=1)  # shared once, then taken back
    message = make_message(open_family, author, text="hi")
    auth.login(reader)
    client.post(message_url(open_family, message, "/report"), data={"reason": "<script>x"})
    html = page(client, open_family)
    assert "<b>" not in html and "<i>" not in html and "&lt;b&gt;Dee&lt;/b&gt;" in html
    assert "gone" not in html and f'id="m{taken_back.id}"' in html
    auth.logout()
    auth.login(caseworker)
    html = page(client, open_family)
    assert "<script>x" not in html and "<u>" not in html and "&lt;script&gt;x" in html
