"""Sign-in throttling: each try is counted *before* the password is checked.

Counting first (an atomic increment in the limiter's storage) means parallel requests cannot
slip past the limit while a password hash is being computed.

Three counts: per address (every try; an office shares one address, so it is generous), per
account *from one address* (tight, cleared when the person signs in), and per account from
anywhere (a daily ceiling against guessing spread over many addresses). Keying the tight count
by address too means someone who knows Rosa's username cannot lock her out from their phone.
The trade-off left: guesses spread over many addresses can use up the daily ceiling and keep
the account out for the rest of that day; we accept that over unlimited distributed guessing.
"""

from flask import current_app, request
from limits import parse

from app.extensions import limiter


def _account_limit():
    return parse(current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"])


def _account_daily_limit():
    return parse(current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"])


def _address_limit():
    return parse(current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"])


def _prefix() -> str:
    return current_app.config["RATELIMIT_KEY_PREFIX"]


def try_allowed(account_key: str) -> bool:
    """Count one sign-in try for this address and this account; False when over a limit."""
    strategy = limiter.limiter
    address = request.remote_addr or ""
    checks = [
        strategy.hit(_address_limit(), _prefix(), "sign-in-address", address),
        strategy.hit(_account_limit(), _prefix(), "sign-in-account", account_key, address),
        strategy.hit(_account_daily_limit(), _prefix(), "sign-in-account-day", account_key),
    ]
    return all(checks)


def forget_account_tries(account_key: str) -> None:
    address = request.remote_addr or ""
    limiter.limiter.clear(_account_limit(), _prefix(), "sign-in-account", account_key, address)
