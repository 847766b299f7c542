"""The session cookie's signature: HMAC-SHA-256 instead of Flask's default HMAC-SHA-1."""

import hashlib

from flask.sessions import SecureCookieSessionInterface


class SHA256CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, signed with SHA-256 (ASVS 11.4.1: no SHA-1 in new designs).

    A cookie signed with SHA-1 before this change no longer verifies: the person signs in again.
    """

    digest_method = staticmethod(hashlib.sha256)
