"""Security events: one JSON line each, with who and from where, and never a secret."""

import json
import logging

import pytest

from tests import factories

SECRET_TYPED = "my secret guess 77"


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="hearth.security")

    def lines():
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "hearth.security"]

    lines.text = lambda: "\n".join(r.getMessage() for r in caplog.records)
    return lines


def test_sign_in_events_name_the_account_and_address_but_no_secret(app, events, parent):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    client.post("/sign-out")
    client.delete_cookie(app.config["DEVICE_COOKIE_NAME"])
    for _ in range(3):
        client.post("/sign-in", data={"identifier": parent.email, "password": SECRET_TYPED})
    client.post("/sign-in", data={"identifier": "who-is-this-secret", "password": SECRET_TYPED})

    lines = events()
    names = [line["event"] for line in lines]
    assert names[:4] == ["sign_in.succeeded", "sign_in.failed", "sign_in.failed",
                         "sign_in.throttled"]
    assert "request.rate_limited" in names
    for line in lines[:4]:
        assert line["user_id"] == parent.id
        assert line["address"] == "198.51.100.23" and line["path"] == "/sign-in"
        assert line["time"].endswith("+00:00")
    assert lines[-1] == {**lines[-1], "event": "sign_in.failed", "user_id": None}
    text = events.text()
    for secret in (SECRET_TYPED, factories.PASSWORD, "who-is-this-secret", parent.email,
                   app.config["DEVICE_COOKIE_NAME"], "session"):
        assert secret not in text


def test_refused_family_access_is_logged_with_the_family_id(client, auth, events, outsider,
                                                             family):
    auth.login(outsider)
    assert client.get(f"/families/{family.id}").status_code == 404
    [line] = [line for line in events() if line["event"] == "access.refused"]
    assert line["family_id"] == family.id and line["user_id"] == outsider.id
    assert line["status"] == 404


def test_csrf_failures_and_password_changes_are_logged(app, client, auth, events, parent):
    auth.login(parent)
    client.post("/account/password", data={
        "current_password": factories.PASSWORD, "password": "blue kettle morning walk",
        "confirm": "blue kettle morning walk"})
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/sign-out").status_code == 400
    names = [line["event"] for line in events()]
    assert "account.password_changed" in names and "csrf.failed" in names
    assert "blue kettle" not in events.text()


def test_admin_actions_are_logged(app, client, auth, events, admin, parent):
    auth.login(admin)
    client.post(f"/admin/accounts/{parent.id}/turn-off", data={"reason": "Moved away"})
    client.post(f"/admin/accounts/{parent.id}/turn-on")
    client.post(f"/admin/accounts/{parent.id}/sign-out")
    lines = [line for line in events() if line["event"].startswith("account.")]
    assert [line["event"] for line in lines] == [
        "account.deactivated", "account.reactivated", "account.sessions_ended"]
    assert all(line["subject_id"] == parent.id and line["user_id"] == admin.id for line in lines)


def test_outside_tests_each_event_is_one_json_line_on_stderr(make_app, capfd):
    """The handler is added once, however many apps are built, and writes only the JSON."""
    from app import security_events

    logger = logging.getLogger(security_events.LOGGER_NAME)
    saved = (list(logger.handlers), logger.propagate)
    # One may be left from an earlier test's app, writing to that test's captured stderr.
    logger.handlers[:] = [h for h in logger.handlers if not getattr(h, "_hearth", False)]
    try:
        for _ in range(2):
            built = make_app(TESTING=False)
            security_events.init_app(built)
        with built.test_request_context("/somewhere", environ_base={"REMOTE_ADDR": "10.0.0.1"}):
            security_events.log_security_event("test.event", detail="x")
        err = capfd.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert json.loads(err[0]) | {"time": None} == {
            "time": None, "event": "test.event", "user_id": None, "address": "10.0.0.1",
            "path": "/somewhere", "detail": "x"}
    finally:
        logger.handlers[:] = saved[0]
        logger.propagate = saved[1]


def test_a_refused_invitation_link_does_not_write_its_code_in_the_event(app, client, events,
                                                                       family, caseworker):
    """Over the join limit, the 429 event names the path: /join/<token> must not carry it."""
    app.config["JOIN_LIMIT_PER_ADDRESS"] = "1 per 15 minutes"
    _invitation, code, link = factories.make_invitation(family, caseworker)
    assert client.get("/join/AAAA-BBBB-CCCC").status_code == 404  # a wrong code, counted
    assert client.get(f"/join/{link}").status_code == 429
    (line,) = [e for e in events() if e["event"] == "request.rate_limited"]
    assert line["path"] == "/join/[code]"
    assert code not in events.text() and link not in events.text()


# --- refusals (issue 22): rows of another family, staff pages, uploads, weak passwords ---------

def _refusals(events):
    return [line for line in events() if line["event"] == "access.refused"]


def test_a_row_of_another_family_in_my_familys_address_is_logged(client, auth, events, family,
                                                                 other_family, parent, outsider):
    photo = factories.make_photo(other_family, outsider)
    concern = factories.make_concern(other_family, outsider)
    message = factories.make_message(other_family, outsider)
    auth.login(parent)
    base = f"/families/{family.id}"
    for path, endpoint in ((f"{base}/photos/{photo.id}", "photos.photo"),
                           (f"{base}/concerns/{concern.id}", "concerns.show"),
                           (f"{base}/messages/{message.id}/history", "messages.history")):
        assert client.get(path).status_code == 404, path
        line = _refusals(events)[-1]
        assert line["endpoint"] == endpoint and line["status"] == 404
        assert line["user_id"] == parent.id and line["path"] == path
    assert len(_refusals(events)) == 3  # one line each


def test_a_member_trying_staff_pages_is_logged(client, auth, events, family, parent):
    auth.login(parent)
    for path in ("/admin", "/admin/accounts?q=dana", "/caseload", "/caseload/queue"):
        assert client.get(path).status_code == 404, path
    lines = _refusals(events)
    assert [line["endpoint"] for line in lines] == [
        "admin.index", "admin.accounts", "caseload.dashboard", "caseload.queue_all"]
    assert all(line["user_id"] == parent.id for line in lines)
    assert "dana" not in events.text()  # the query is not kept


def test_addresses_that_match_no_page_and_signed_out_requests_are_not_logged(client, events):
    assert client.get("/wp-admin/setup.php").status_code == 404
    assert client.get("/admin").status_code == 404  # signed out
    assert _refusals(events) == []


def test_a_refused_upload_is_logged_with_the_reason_but_no_file_name(client, auth, events,
                                                                    family, parent):
    import io

    auth.login(parent)
    response = client.post(f"/families/{family.id}/photos/new", content_type="multipart/form-data",
                           data={"caption": "secret caption 42",
                                 "photos": [(io.BytesIO(b"not a photo"), "dana-secret.jpg")]})
    assert response.status_code == 422
    [line] = [line for line in events() if line["event"] == "upload.refused"]
    assert line["reasons"] == ["not_a_photo"] and line["family_id"] == family.id
    assert line["user_id"] == parent.id
    empty = client.post(f"/families/{family.id}/photos/new", content_type="multipart/form-data",
                        data={"caption": "secret caption 42"})
    assert empty.status_code == 422
    line = [line for line in events() if line["event"] == "upload.refused"][-1]
    assert line["fields"] == ["photos"]
    for secret in ("dana-secret", "secret caption 42", "not a photo"):
        assert secret not in events.text()


@pytest.mark.parametrize(("new", "rule"), [("password1", "common"), ("short", "length"),
                                           ("dana rivera dana", "personal")])
def test_a_refused_weak_password_is_logged_by_rule_never_the_password(client, auth, events,
                                                                      parent, new, rule):
    auth.login(parent)
    response = client.post("/account/password", data={
        "current_password": factories.PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 200 and b"field__errors" in response.data
    [line] = [line for line in events() if line["event"] == "password.refused_weak"]
    assert line == {**line, "form": "PasswordChangeForm", "field": "password", "rule": rule,
                    "user_id": parent.id}
    assert new not in events.text() and factories.PASSWORD not in events.text()
