"""Limits per signed-in person on actions that create rows (ASVS 2.4.1)."""

import pytest

from app.models import Invitation, Membership, Role
from tests import factories


def invite(client, family, name):
    return client.post(f"/families/{family.id}/invitations/new",
                       data={"invitee_name": name, "role": "parent"})


def invitation_count(db):
    return db.session.scalar(db.select(db.func.count()).select_from(Invitation))


def test_invitations_past_the_limit_get_429_and_create_nothing(app, client, auth, caseworker,
                                                                family, db):
    app.config["INVITE_LIMIT_PER_PERSON"] = "3 per hour"
    auth.login(caseworker)
    for n in range(3):
        assert invite(client, family, f"Person {n}").status_code == 200  # the code, shown once
    response = invite(client, family, "One too many")
    assert response.status_code == 429
    assert "Too many tries" in response.get_data(as_text=True)
    assert invitation_count(db) == 3
    # Looking at the form is not an attempt.
    assert client.get(f"/families/{family.id}/invitations/new").status_code == 200

    # Another caseworker of the same family keeps their own count.
    colleague = factories.make_caseworker(display_name="Robin Park")
    factories.add_member(family, colleague, role=Role.CASEWORKER)
    other = app.test_client()
    sign_in(other, colleague)
    assert invite(other, family, "Her invitation").status_code == 200
    assert invitation_count(db) == 4


def sign_in(client, user):
    response = client.post("/sign-in", data={"identifier": user.email,
                                             "password": factories.PASSWORD})
    assert response.status_code == 303


@pytest.fixture
def limited_actions(family, parent, pending_member, db):
    pending = db.session.scalar(db.select(Membership).filter_by(user_id=pending_member.id))
    active = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    people = f"/families/{family.id}/people"
    return [
        ("CREATE_FAMILY_LIMIT_PER_PERSON", "/families/new"),
        ("ADD_CHILD_LIMIT_PER_PERSON", f"/families/{family.id}/children/new"),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{people}/{pending.id}/decline"),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{people}/{active.id}/suspend"),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{people}/{active.id}/password-code"),
        ("EVENT_WRITE_LIMIT_PER_PERSON", f"/families/{family.id}/events/new"),
        ("EXPORT_LIMIT_PER_PERSON", f"/families/{family.id}/export"),
    ]


def test_every_creating_action_is_limited_per_person(app, client, auth, caseworker,
                                                     limited_actions):
    """Each action: the second POST in the window is refused (even an invalid form counts)."""
    auth.login(caseworker)
    for key, url in limited_actions:
        app.config[key] = "1 per hour"
        client.post(url, data={})
        assert client.post(url, data={}).status_code == 429, url


def test_creating_caseworkers_is_limited_per_admin(app, client, auth, admin):
    app.config["CREATE_STAFF_LIMIT_PER_PERSON"] = "1 per hour"
    auth.login(admin)
    client.post("/admin/caseworkers/new", data={})
    assert client.post("/admin/caseworkers/new", data={}).status_code == 429


@pytest.fixture
def edits_that_write_the_record(family, parent, caseworker, db):
    """Edits a person can repeat, each writing an audit line (issue 22): limited like creating,
    so a script with a stolen session cannot bury the family's record in lines."""
    photo = factories.make_photo(family, caseworker, caption="Our day")
    concern = factories.make_concern(family, parent)
    active = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    base = f"/families/{family.id}"
    return [
        ("PHOTO_UPLOAD_LIMIT_PER_PERSON", f"{base}/photos/{photo.id}/caption",
         {"caption": "Mia on the slide"}),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{base}/review-level",
         {"level": "open", "reason": "They work well together."}),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{base}/family-time-levels/{active.id}", {}),
        ("MEMBER_ACTION_LIMIT_PER_PERSON", f"{base}/people/{active.id}/restore", {}),
        ("CONCERN_LIMIT_PER_PERSON", f"{base}/concerns/{concern.id}/steps/new", {}),
        ("CONCERN_LIMIT_PER_PERSON", f"{base}/concerns/{concern.id}/resolve", {}),
        ("CONCERN_LIMIT_PER_PERSON", f"{base}/concerns/{concern.id}/reopen", {}),
    ]


def test_every_edit_that_writes_the_record_is_limited_per_person(
        app, client, auth, caseworker, edits_that_write_the_record):
    auth.login(caseworker)
    for key, url, data in edits_that_write_the_record:
        app.config[key] = "1 per hour"
        client.post(url, data=data)
        response = client.post(url, data=data)
        assert response.status_code == 429, url
        assert "Too many tries" in response.get_data(as_text=True)


def test_caption_changes_share_the_upload_count_and_stop_writing_lines(
        app, client, auth, family, parent, db):
    from app.models import AuditEvent
    from tests.test_photos import caption_version

    app.config["PHOTO_UPLOAD_LIMIT_PER_PERSON"] = "3 per hour"
    photo = factories.make_photo(family, parent, caption="Our day")
    auth.login(parent)
    url = f"/families/{family.id}/photos/{photo.id}/caption"
    answers = []
    for n in range(5):  # each save from a form opened on the caption as it is now
        answers.append(client.post(url, data={"caption": f"Take {n}",
                                              "version": caption_version(client, url)})
                       .status_code)
    assert answers == [303, 303, 303, 429, 429]
    # In a reviewed family each save is a change that waits ("edit.asked"); in an open one it
    # is written at once ("photo.caption_changed"): either way one line per allowed save.
    lines = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action.in_(("photo.caption_changed", "edit.asked"))))
    assert lines == 3
    assert client.get(url).status_code == 200  # the form still opens


def test_an_admins_changes_are_limited_per_admin(app, client, auth, admin, parent, family):
    auth.login(admin)
    for url in (f"/admin/accounts/{parent.id}/turn-off", f"/admin/accounts/{parent.id}/turn-on",
                f"/admin/accounts/{parent.id}/sign-out", f"/admin/families/{family.id}/caseworker",
                "/admin/glossary/caseworker", "/admin/sign-out-everyone"):
        app.config["ADMIN_CHANGE_LIMIT_PER_PERSON"] = "1 per hour"
        client.post(url, data={})
        if url == "/admin/sign-out-everyone":  # that one signed the admin out too
            auth.login(admin)
        assert client.post(url, data={}).status_code == 429, url
        app.config["ADMIN_CHANGE_LIMIT_PER_PERSON"] = "1000 per hour"
