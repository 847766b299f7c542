"""One-time codes people read out or type, and the long tokens in links: invitations and resets.

A code is 12 characters from an alphabet without look-alikes (no 0, O, 1, I, L, U, V), shown in
groups of four so it can be read out over the phone: "HK7M-9QXR-C4TW". That is about 58 bits:
enough behind the rate limits for something typed, but a link can carry more at no cost to
anyone, so an invitation's link holds its own 128-bit token (`new_link_token`) and the short
code is only for typing.

Both are stored as HMAC-SHA-256 under a key derived from `SECRET_KEY` (`digests`), never in
clear or as a plain hash: a copy of the database alone does not let anyone try codes offline.
A lookup accepts the digest under `SECRET_KEY` or any of `SECRET_KEY_FALLBACKS`, so a key
rotation does not cancel open codes while the old key is still a fallback. Rows stored before
HMAC (`legacy_hash`) hold a plain SHA-256 of the code until they run out (`legacy_digest`).
"""

import hashlib
import hmac
import secrets

from flask import current_app

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4
LINK_TOKEN_BYTES = 16  # 128 bits, 22 characters in the address

# What each digest is for, so a reset code can never match an invitation's or a link's.
INVITATION_CODE = "invitation-code"
INVITATION_LINK = "invitation-link"
RESET_CODE = "reset-code"

_KEY_LABEL = b"hearth one-time codes v1"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def new_link_token() -> str:
    return secrets.token_urlsafe(LINK_TOKEN_BYTES)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalize_code(code: str) -> str:
    """Forgive what people type: spaces, dashes and lower case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _key(secret: str) -> bytes:
    # A key of its own, derived from the secret: the session's signing key is not used as is.
    return hmac.new(secret.encode(), _KEY_LABEL, hashlib.sha256).digest()


def _digest(secret: str, purpose: str, value: str) -> str:
    return hmac.new(_key(secret), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _secrets() -> list[str]:
    config = current_app.config
    return [config["SECRET_KEY"], *config.get("SECRET_KEY_FALLBACKS", [])]


def _value(purpose: str, code_or_token: str) -> str:
    # A typed code forgives case and dashes; a link token is exact (it is case-sensitive).
    return code_or_token if purpose == INVITATION_LINK else normalize_code(code_or_token)


def digest(purpose: str, code_or_token: str) -> str:
    """What is stored for a new code or token: under the current key."""
    return _digest(_secrets()[0], purpose, _value(purpose, code_or_token))


def digests(purpose: str, code_or_token: str) -> list[str]:
    """What a stored code or token may be: under the current key or any fallback."""
    value = _value(purpose, code_or_token)
    return [_digest(secret, purpose, value) for secret in _secrets()]


def legacy_digest(code: str) -> str:
    """How codes were stored before HMAC (a plain SHA-256): for rows marked `legacy_hash`."""
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()
