"""Headers on every response, cookie flags, and error pages that reveal nothing."""

import pytest

from app import create_app
from app.extensions import db


def test_security_headers_on_every_page(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("script-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_no_inline_script_or_style_in_pages(client, auth, caseworker, family):
    auth.login(caseworker)
    for url in ("/", "/sign-in", f"/families/{family.id}", f"/families/{family.id}/people"):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "onclick" not in html
        assert html.count("<script") == html.count('<script src="/static/')


def test_signed_in_pages_are_not_cached_but_static_files_are(client, auth, parent, family):
    auth.login(parent)
    assert client.get(f"/families/{family.id}").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/hearth.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


def set_cookies(response) -> dict[str, dict[str, str | bool]]:
    """Every Set-Cookie header by cookie name: {"name": {"value": …, "httponly": True, …}}."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name, _sep, value = first.partition("=")
        flags: dict[str, str | bool] = {"value": value}
        for attribute in attributes:
            key, sep, attribute_value = attribute.partition("=")
            flags[key.lower()] = attribute_value if sep else True
        cookies[name] = flags
    return cookies


def test_session_and_language_cookie_flags(client, resource_parent):
    """Sign-in sets two cookies (session, and the account's language): both are checked."""
    from tests.factories import PASSWORD

    response = client.post(
        "/sign-in", data={"identifier": resource_parent.username, "password": PASSWORD}
    )
    cookies = set_cookies(response)
    assert set(cookies) >= {"hearth_session", "hearth_lang"}
    for name in ("hearth_session", "hearth_lang"):
        assert cookies[name]["httponly"] is True, name
        assert cookies[name]["samesite"] == "Lax", name
        assert cookies[name]["path"] == "/", name
        assert "domain" not in cookies[name], name


def production_app(tmp_path, **overrides):
    return create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 40,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite",
                       "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", **overrides})


def test_production_cookies_use_host_prefixed_names(monkeypatch, tmp_path):
    """__Host- cookies: Secure, Path=/, no Domain, so no subdomain or plain-HTTP page can set
    or overwrite them (ASVS 3.3.1, 3.3.3)."""
    import re

    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    client = production_app(tmp_path).test_client()
    page = client.get("/sign-in", base_url="https://hearth.example")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    # Flask-WTF checks the Referer on HTTPS, as a browser would send it.
    response = client.post("/language", data={"locale": "es", "csrf_token": token[1]},
                           base_url="https://hearth.example",
                           headers={"Referer": "https://hearth.example/sign-in"})
    assert response.status_code == 303
    cookies = set_cookies(page) | set_cookies(response)
    assert set(cookies) == {"__Host-hearth_session", "__Host-hearth_lang"}
    for name, flags in cookies.items():
        assert flags["secure"] is True and flags["httponly"] is True, name
        assert flags["path"] == "/" and "domain" not in flags, name
        assert flags["samesite"] == "Lax", name
    assert cookies["__Host-hearth_lang"]["value"] == "es"
    # And the language cookie is read back under its new name.
    page = client.get("/sign-in", base_url="https://hearth.example")
    assert 'lang="es"' in page.text


def test_session_cookie_is_signed_with_sha256_and_sha1_is_refused(app, client, parent):
    """ASVS 11.4.1: HMAC-SHA-256, not Flask's default HMAC-SHA-1."""
    import hashlib

    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    from tests.factories import PASSWORD

    response = client.post("/sign-in", data={"identifier": parent.email, "password": PASSWORD})
    cookie = set_cookies(response)["hearth_session"]["value"]
    interface = SecureCookieSessionInterface()

    def serializer(digest):
        return URLSafeTimedSerializer(
            app.secret_key, salt=interface.salt, serializer=interface.serializer,
            signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
        )

    session = serializer(hashlib.sha256).loads(cookie)
    assert session["_user_id"].startswith(f"{parent.id}:")
    with pytest.raises(BadSignature):
        serializer(hashlib.sha1).loads(cookie)

    # The same session signed the old way does not sign anyone in.
    other = app.test_client()
    other.set_cookie("hearth_session", serializer(hashlib.sha1).dumps(session))
    assert other.get("/account").status_code == 302


def test_sessions_signed_with_a_previous_key_still_work_during_rotation(
    monkeypatch, make_app, parent
):
    from tests.factories import PASSWORD

    old = make_app(SECRET_KEY="old-key-" + "o" * 40).test_client()
    old.post("/sign-in", data={"identifier": parent.email, "password": PASSWORD})
    cookie = old.get_cookie("hearth_session").value

    monkeypatch.setenv("SECRET_KEY", "new-key-" + "n" * 40)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", "older-key, old-key-" + "o" * 40)
    rotated = create_app({"ENV_NAME": "development",
                          "SQLALCHEMY_DATABASE_URI": old.application.config[
                              "SQLALCHEMY_DATABASE_URI"]})
    assert rotated.config["SECRET_KEY"] == "new-key-" + "n" * 40
    assert rotated.config["SECRET_KEY_FALLBACKS"] == ["older-key", "old-key-" + "o" * 40]
    client = rotated.test_client()
    client.set_cookie("hearth_session", cookie)
    try:
        assert client.get("/account").status_code == 200
    finally:
        with rotated.app_context():
            db.engine.dispose()  # its own engine: close its connections (PostgreSQL run)


def test_settings_come_from_the_environment_when_the_app_is_created(monkeypatch, tmp_path):
    """Read at create_app, not at import: no module reload needed to change a setting."""
    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SESSION_IDLE_STAFF_MINUTES", "5")
    monkeypatch.setenv("SESSION_ABSOLUTE_MINUTES", "90")
    monkeypatch.setenv("SIGN_IN_LIMIT_PER_ACCOUNT", "3 per 10 minutes")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    monkeypatch.setenv("HEARTH_INVITE_LIMIT_PER_PERSON", "2 per minute")
    monkeypatch.setenv("HEARTH_SESSION_COOKIE_SECURE", "true")
    app = create_app("development")
    assert app.config["SESSION_IDLE_TIMEOUT_STAFF"].total_seconds() == 300
    assert app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds() == 90 * 60
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 90 * 60
    assert app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] == "3 per 10 minutes"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.sqlite"
    assert app.config["TRUSTED_PROXY_COUNT"] == 1
    assert app.config["INVITE_LIMIT_PER_PERSON"] == "2 per minute"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    # The mapping passed to create_app has the last word.
    assert create_app({"ENV_NAME": "development", "SIGN_IN_LIMIT_PER_ACCOUNT": "1 per day"}
                      ).config["SIGN_IN_LIMIT_PER_ACCOUNT"] == "1 per day"


def test_tests_do_not_pick_up_the_operators_shell(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_STAFF_MINUTES", "5")
    monkeypatch.setenv("SECRET_KEY", "from-the-shell-" + "s" * 40)
    monkeypatch.setenv("HEARTH_SIGN_IN_LIMIT_PER_ACCOUNT", "1 per day")
    app = create_app({"ENV_NAME": "testing"})
    assert app.config["SESSION_IDLE_TIMEOUT_STAFF"].total_seconds() == 30 * 60
    assert app.config["SECRET_KEY"] != "from-the-shell-" + "s" * 40
    assert app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] == "5 per 15 minutes"


def test_a_malformed_number_in_the_environment_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_STAFF_MINUTES", "half an hour")
    with pytest.raises(RuntimeError, match="SESSION_IDLE_STAFF_MINUTES"):
        create_app("development")


def test_production_needs_a_real_secret_and_database(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": None})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "short"})
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 40,
                    "SQLALCHEMY_DATABASE_URI": None})
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 40,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_STORAGE_URI": "memory://"})


def test_production_cookies_are_secure_and_hsts_is_sent(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    app = production_app(tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/sign-in", base_url="https://hearth.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in response.headers["Set-Cookie"]


def test_local_runs_generate_a_secret_once(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    second = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["SQLALCHEMY_DATABASE_URI"].endswith("hearth.sqlite")


def test_the_factory_takes_a_mapping():
    assert not create_app({"ENV_NAME": "development", "SECRET_KEY": "x" * 40}).testing
    assert create_app({"ENV_NAME": "testing"}).testing


def test_404_page_is_friendly_and_reveals_nothing(client, auth, family, outsider):
    """A family that exists and one that does not answer the same, byte for byte."""
    import re

    auth.login(outsider)
    pages = []
    for family_id in (family.id, 999999):
        response = client.get(f"/families/{family_id}")
        assert response.status_code == 404
        page = response.get_data(as_text=True).replace(f"/families/{family_id}", "/families/ID")
        pages.append(re.sub(r'(csrf_token" value=|X-CSRFToken": )"[^"]+"', "TOKEN", page))
    assert pages[0] == pages[1]
    assert "We could not find that page" in pages[0] and "Traceback" not in pages[0]


def test_500_page_is_friendly(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)  # its own app: a route is added to it

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"secret detail" not in response.data


def test_htmx_is_configured_safely(client):
    page = client.get("/").get_data(as_text=True)
    assert '"historyCacheSize":0' in page
    assert '"allowEval":false' in page
    assert '"selfRequestsOnly":true' in page
    assert 'hx-headers=\'{"X-CSRFToken": ' in page


def test_htmx_errors_reload_the_page_instead_of_swapping_into_a_row(client, auth, caseworker,
                                                                     family):
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/people/99999/approve",
                           headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Refresh"] == "true"
    boosted = client.get("/nowhere", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "HX-Refresh" not in boosted.headers  # a boosted page shows the error page itself


def test_htmx_request_after_the_session_expired_redirects_the_whole_page(client, auth,
                                                                          caseworker, family):
    import time

    auth.login(caseworker)
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 3600
    response = client.post(f"/families/{family.id}/people/1/approve",
                           headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/sign-in"


HUGE_IDS = ("99999999999999999999999", str(2**63), str(2**31))


@pytest.mark.parametrize("huge", HUGE_IDS)  # one test per id, so they run on every core
def test_huge_ids_anywhere_answer_404_never_500(app, client, auth, caseworker, family, huge):
    """ASVS 1.4.2: every <int:…> in every route, by GET and POST, with ids no database holds."""
    from werkzeug.routing import IntegerConverter

    auth.login(caseworker)
    rules = [rule for rule in app.url_map.iter_rules()
             if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]
    assert len(rules) > 10
    tried = 0
    for rule in rules:
        # Every id huge; then, on family pages, the real family and the other ids huge, so
        # the request gets past the family scope to the row lookups.
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", huge)
        urls = [url]
        if "family_id" in rule.arguments and len(rule.arguments) > 1:
            urls.append(url.replace(f"/families/{huge}", f"/families/{family.id}", 1))
        for url in urls:
            for method in rule.methods & {"GET", "POST"}:
                response = client.open(url, method=method)
                tried += 1
                assert response.status_code == 404, (method, url, response.status_code)
    assert tried > 50


def test_huge_ids_in_the_query_string_are_ignored(client, auth, caseworker, family):
    auth.login(caseworker)
    for before in (*HUGE_IDS, "-1", "abc"):
        response = client.get(f"/families/{family.id}/record?before={before}")
        assert response.status_code == 200, before
