"""Sign-in throttling: each try is counted *before* the password is checked.

Counting first (an atomic increment in the limiter's storage) means parallel requests cannot
slip past the limit while a password hash is being computed. A successful sign-in clears the
account's count, so a person who signs in and out often is never locked out; the per-address
count is not cleared, because an attacker could otherwise reset it with their own account.
"""

from flask import current_app, request
from limits import parse

from app.extensions import limiter


def _account_limit():
    return parse(current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"])


def _address_limit():
    return parse(current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"])


def _prefix() -> str:
    return current_app.config["RATELIMIT_KEY_PREFIX"]


def try_allowed(account_key: str) -> bool:
    """Count one sign-in try for this address and this account; False when over a limit."""
    strategy = limiter.limiter
    address_ok = strategy.hit(_address_limit(), _prefix(), "sign-in-address",
                              request.remote_addr or "")
    account_ok = strategy.hit(_account_limit(), _prefix(), "sign-in-account", account_key)
    return address_ok and account_ok


def forget_account_tries(account_key: str) -> None:
    limiter.limiter.clear(_account_limit(), _prefix(), "sign-in-account", account_key)
