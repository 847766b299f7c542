"""Password rules and hashing: argon2id, length limits, and a list of common passwords.

No composition rules (NIST SP 800-63B, OWASP ASVS 5.0): length and a refusal of well-known
passwords protect better than demanding symbols.
"""

import gzip
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
