"""Headers on every response, cookie flags, and error pages that reveal nothing."""

import pytest

from app import create_app


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


def test_session_cookie_flags(client, parent):
    from tests.factories import PASSWORD

    response = client.post("/sign-in", data={"identifier": parent.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


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
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite",
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
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
        pages.append(re.sub(r'(csrf_token" value|X-CSRFToken": )"[^"]+"', "TOKEN", page))
    assert pages[0] == pages[1]
    assert "We could not find that page" in pages[0] and "Traceback" not in pages[0]


def test_500_page_is_friendly(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

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
