"""The caseworker's export downloaded from a real gunicorn process (issue 22: on gunicorn the
ZIP stopped after 0 bytes and did not open). The app is served as people run it, on a
temporary database the test fills; the body comes over HTTP and must open as a ZIP."""

import http.cookiejar
import io
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile

import pytest

from tests import factories
from tests.e2e.server import PROJECT_ROOT, _die_with_parent, free_port, server_env

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def gunicorn(app, tmp_path):
    env = server_env(tmp_path / "instance")
    env["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--error-logfile", "-", "--graceful-timeout", "1", "--no-control-socket",
         "wsgi:app"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/sign-in", timeout=2).close()  # noqa: S310
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


class Browser:
    """Cookies and CSRF tokens, as a browser with JavaScript off keeps them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, form_page: str, data: dict):
        token = CSRF.search(self.get(form_page)).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, **data}).encode()
        return self.opener.open(self.base + path, data=body, timeout=10)


def test_gunicorn_sends_the_caseworkers_whole_export(gunicorn, caseworker, family, parent):
    factories.make_message(family, parent, text="Mia slept well")
    factories.make_photo(family, parent, caption="At the park")
    browser = Browser(gunicorn)
    browser.post("/sign-in", "/sign-in", {"identifier": caseworker.email,
                                           "password": factories.PASSWORD}).close()
    export = f"/families/{family.id}/export"
    with browser.post(export, export, {"submit": "Download the ZIP file",
                                       "leave_out_private": "y"}) as response:
        assert response.headers["Content-Type"] == "application/zip"
        body = response.read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert "Mia slept well" in archive.read("messages.json").decode()
