"""Password rules and hashing: argon2id, length limits, common passwords and context words.

No composition rules (NIST SP 800-63B, OWASP ASVS 5.0): length and a refusal of well-known
passwords protect better than demanding symbols.

Context words (ASVS 6.1.2, 6.2.11): a guesser tries the product's name, the agency's name
(`AGENCY_NAME`) and the person's own names first. The rule, simple enough to say in one breath:
take the password's letters only (lowercase, accents dropped; digits, punctuation and spaces
removed) and each context word the same way (full names and each part of them, the email's
local part, the username; words under 3 letters are ignored). When the password holds a
context word, refuse it if

1. it is shorter than 12 characters ("dana-kz7#q" for Dana), or
2. taking every context word out of its letters leaves 3 letters or fewer
   ("hearth2026", "Hearth!2026", "dana1234" for Dana, "rosa.rosa" for Rosa).

"hearth demo 2026" passes: it is long, and "demo" is left after "hearth" is taken out.
"""

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def is_common(password: str) -> bool:
    return password.lower() in common_passwords()


CONTEXT_WORD_MIN_LETTERS = 3
CONTEXT_LEFTOVER_MAX_LETTERS = 3
CONTEXT_SHORT_PASSWORD = 12
PRODUCT_NAME = "hearth"


def _letters(text: str) -> str:
    """Lowercase letters only, accents dropped: "Martínez" and "martinez" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalpha())


def context_words(words) -> list[str]:
    """The product's and agency's names plus the given words, as letter-only words, longest first.

    Each given string is also split at spaces and punctuation, so "Dana Rivera" gives "dana",
    "rivera" and "danarivera", and "dana.rivera@example.org" gives its parts too.
    """
    found = set()
    for text in [PRODUCT_NAME, current_app.config.get("AGENCY_NAME") or "", *words]:
        text = (text or "").split("@")[0]
        for word in [text, *re.split(r"[\W\d_]+", text)]:
            letters = _letters(word)
            if len(letters) >= CONTEXT_WORD_MIN_LETTERS:
                found.add(letters)
    return sorted(found, key=len, reverse=True)


def is_built_from_context(password: str, words) -> bool:
    """True when the password is mostly, or shortly, made of the given context words."""
    letters = _letters(password)
    present = [word for word in context_words(words) if word in letters]
    if not present:
        return False
    if len(password) < CONTEXT_SHORT_PASSWORD:
        return True
    for word in present:
        letters = letters.replace(word, "")
    return len(letters) <= CONTEXT_LEFTOVER_MAX_LETTERS


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"],
        memory_cost=config["PASSWORD_HASH_MEMORY_KIB"],
        parallelism=config["PASSWORD_HASH_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(memory: int, time_cost: int, parallelism: int) -> str:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory, parallelism=parallelism
    ).hash("not a real password")


def burn_verify_time() -> None:
    """Spend the time of one verification, so unknown accounts answer as slowly as known ones."""
    config = current_app.config
    verify_password(
        _dummy_hash(
            config["PASSWORD_HASH_MEMORY_KIB"],
            config["PASSWORD_HASH_TIME_COST"],
            config["PASSWORD_HASH_PARALLELISM"],
        ),
        "wrong password",
    )
