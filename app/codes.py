"""One-time codes people read out or type: invitations and password resets.

A code is 12 characters from an alphabet without look-alikes (no 0, O, 1, I, L, U, V), shown in
groups of four so it can be read out over the phone: "HK7M-9QXR-C4TW". That is about 58 bits:
with rate limits nobody can guess one, and only its SHA-256 is stored.
"""

import hashlib
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalize_code(code: str) -> str:
    """Forgive what people type: spaces, dashes and lower case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()
