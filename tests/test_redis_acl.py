"""The Redis ACL that docs/security.md tells operators to use is enough for the rate limits."""

import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SECURITY_DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("TEST_REDIS_URL"),
        reason="set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test the Redis ACL",
    ),
    # limiter.reset() clears every limit in the Redis database: one worker for all Redis tests.
    pytest.mark.xdist_group("redis"),
]


def documented_acl() -> list[str]:
    found = re.search(r"`(ACL SETUSER hearth [^`]+)`", SECURITY_DOC.read_text())
    assert found, "docs/security.md no longer shows the Redis ACL"
    return found.group(1).split()


def test_documented_acl_lets_the_limits_work_and_nothing_else(make_app, parent):
    import redis

    admin = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    user, password = f"hearth-acl-test-{time.time_ns()}", secrets.token_hex(16)
    words = documented_acl()
    # ACL SETUSER <user> <rules...>: our own user name, and our password for the doc's "…".
    rules = [f">{password}" if w.startswith(">") else w for w in words[3:]]
    admin.execute_command("ACL", "SETUSER", user, *rules)
    try:
        parts = urlsplit(os.environ["TEST_REDIS_URL"])
        url = f"redis://{user}:{password}@{parts.hostname}:{parts.port or 6379}{parts.path}"
        app = make_app(
            RATELIMIT_STORAGE_URI=url,
            SIGN_IN_LIMIT_PER_ACCOUNT="2 per 15 minutes",
            RATELIMIT_KEY_PREFIX=f"hearth-acl-{time.time_ns()}",
        )
        wrong = {"identifier": parent.email, "password": "wrong password!"}
        with app.app_context():
            client = app.test_client()
            assert client.post("/sign-in", data=wrong).status_code == 200
            assert client.post("/sign-in", data=wrong).status_code == 200
            assert client.post("/sign-in", data=wrong).status_code == 429
        limited = redis.Redis.from_url(url)
        with pytest.raises(redis.exceptions.NoPermissionError):
            limited.set("not-a-limit", "1")  # outside LIMITS:*
        with pytest.raises(redis.exceptions.NoPermissionError):
            limited.flushdb()
    finally:
        admin.execute_command("ACL", "DELUSER", user)
        for key in admin.scan_iter("LIMITS:hearth-acl-*"):
            admin.delete(key)

