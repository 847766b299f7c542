"""The idle poll's quick answer: "nothing new" from one indexed query, before Flask does anything.

An open thread asks every few seconds whether anything changed, and almost always nothing has.
Answering that through the whole app (session, signed-in person, family scope, headers) costs
as much as a small page, for thousands of phones that only need "no". This WSGI wrapper answers
only that case — 204, no body, nothing written, the session not touched — and only when the
real route (`messages.poll`) would answer the same: a valid session cookie of an active person,
within the session limits, not asked to change their password, with an active membership of
this family, whose thread is at the version the page holds. Anything else, and any doubt, goes
on to the real route, which decides, refuses and logs as every family page does.
"""

import re
import time
from urllib.parse import parse_qs

from flask import Flask
from itsdangerous import BadSignature
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie

from app.models import MembershipStatus
from app.security import security_headers

POLL_PATH = re.compile(r"/families/([1-9][0-9]{0,17})/messages/poll")
NOTHING_NEW_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Content-Length", "0"),
    ("Vary", "Cookie, HX-Request"),
]

# Everything the real route checks, in one row: the membership, its person and its family.
# Built once and run as compiled SQL: building an ORM statement per poll would cost more
# than the whole answer. The row holds raw column values (the status as its stored string).
_CHECK = text(
    "SELECT families.thread_version, memberships.status, users.session_version,"
    " users.deactivated_at, users.must_change_password, users.is_staff, users.is_admin"
    " FROM memberships JOIN families ON families.id = memberships.family_id"
    " JOIN users ON users.id = memberships.user_id"
    " WHERE memberships.family_id = :family_id AND memberships.user_id = :user_id"
)


class QuickPoll:
    """Wrap `app.wsgi_app`; see the module docstring for the one case it answers."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self._engine = None
        self._serializer = None

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET":
            match = POLL_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match and self.nothing_new(environ, int(match.group(1))):
                start_response("204 No Content", self.headers())
                return [b""]
        return self.wsgi_app(environ, start_response)

    def headers(self) -> list[tuple[str, str]]:
        # The same security headers as every answer of the app (HSTS too), from one list.
        return [*NOTHING_NEW_HEADERS, *security_headers(self.app.config)]

    def nothing_new(self, environ, family_id: int) -> bool:
        """True only when the real route would answer 204 too; False to let it decide."""
        version = parse_qs(environ.get("QUERY_STRING", "")).get("v", [""])[-1]
        if not version.isdigit():
            return False
        session = self._session(environ)
        user_id, _sep, session_version = str(session.get("_user_id", "")).partition(":")
        if not (user_id.isdigit() and session_version.isdigit()):
            return False
        row = self._row(family_id, int(user_id))
        if row is None:
            return False
        config = self.app.config
        now = time.time()
        staff = row.is_staff or row.is_admin
        idle = config["SESSION_IDLE_TIMEOUT_STAFF" if staff else "SESSION_IDLE_TIMEOUT_MEMBERS"]
        return (
            str(row.thread_version) == version
            and row.status == MembershipStatus.ACTIVE.value
            and row.session_version == int(session_version)
            and row.deactivated_at is None
            and not row.must_change_password
            and now - float(session.get("started_at", 0))
            <= config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
            and now - float(session.get("seen_at", 0)) <= idle.total_seconds()
        )

    def _session(self, environ) -> dict:
        cookie = parse_cookie(environ).get(self.app.config["SESSION_COOKIE_NAME"])
        if not cookie:
            return {}
        if self._serializer is None:
            self._serializer = self.app.session_interface.get_signing_serializer(self.app)
        max_age = int(self.app.permanent_session_lifetime.total_seconds())
        try:
            session = self._serializer.loads(cookie, max_age=max_age)
        except (BadSignature, ValueError, TypeError):
            return {}
        return session if isinstance(session, dict) else {}

    def _row(self, family_id: int, user_id: int):
        if self._engine is None:
            from app.extensions import db

            with self.app.app_context():
                self._engine = db.engine
        try:
            with self._engine.connect() as connection:
                return connection.execute(
                    _CHECK, {"family_id": family_id, "user_id": user_id}
                ).first()
        except SQLAlchemyError:  # a dropped connection, a full pool: not for this shortcut
            return None  # the database is in trouble: let the real route answer and report it
