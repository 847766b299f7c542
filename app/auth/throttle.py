"""Sign-in throttling: tries are counted *before* the password is checked, and trusted devices.

Counting first (an atomic increment in the limiter's storage) means parallel requests cannot
slip past a limit while a password hash is being computed.

Which account a try is for: when the typed email or username belongs to an account, the counts
are keyed by that account's id, so an account with both an email and a username gets no more
guesses than one with a single name. Text that matches no account is keyed by the normalized
text itself, so guessing at unknown names is limited the same way.

The counts, for a try from a browser the account does not know:

- per address (every try; an office shares one address, so it is generous:
  `SIGN_IN_LIMIT_PER_ADDRESS`);
- per account *from one address* (tight, `SIGN_IN_LIMIT_PER_ACCOUNT`, cleared when the person
  signs in). Keying it by address too means someone who knows Rosa's username cannot lock her
  out from their own phone;
- per account from anywhere (a daily ceiling against guessing spread over many addresses:
  `SIGN_IN_LIMIT_PER_ACCOUNT_DAILY`).

Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): the daily
ceiling alone would let anyone lock a person out for a day by spending it from many addresses.
So after a successful sign-in the browser gets a long-lived device cookie: the account id and
a random device nonce, signed with the SECRET_KEY and its own salt (HttpOnly, SameSite=Lax,
Secure and `__Host-` prefixed in production; name `DEVICE_COOKIE_NAME`, lifetime
`DEVICE_COOKIE_DAYS`). A try from a browser holding a valid device cookie *for the account being
signed in to* skips the per-account counts (daily ceiling and per-account-per-address) and is
counted per device nonce instead (`SIGN_IN_LIMIT_PER_DEVICE`). When a device uses up its own
limit, its cookie is no longer honoured until that window passes: its tries then count like any
unknown browser's. The per-address count always applies. A forged cookie, or one for another
account, gives no pass, and neither does one from before the password last changed (a lost
phone stops counting as the owner's once they change or reset the password) or for an account
that is turned off. Each successful sign-in replaces the cookie with a new nonce; a shared
browser remembers only the last account signed in on it. The cookie holds no secret (the account
id is readable, not changeable), and it is not a sign-in: it only earns the right to try.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse

from app.extensions import db, limiter
from app.models import User

DEVICE_COOKIE_SALT = "hearth.device-cookie"


@dataclass(frozen=True)
class Attempt:
    """One counted sign-in try: whether it may go on, and what to clear if it succeeds."""

    allowed: bool
    account_key: str
    trusted_device: str | None = None  # the device nonce, when the device cookie was honoured


def _limit(name: str):
    return parse(current_app.config[name])


def _prefix() -> str:
    return current_app.config["RATELIMIT_KEY_PREFIX"]


def _address() -> str:
    return request.remote_addr or ""


def account_key(user_id: int | None, typed: str) -> str:
    """Count by the account when the name matched one, otherwise by the normalized text."""
    return f"user:{user_id}" if user_id is not None else f"name:{typed}"


def count_try(user_id: int | None, typed: str) -> Attempt:
    """Count one try for this address and account (or trusted device); refuse when over."""
    strategy = limiter.limiter
    key = account_key(user_id, typed)
    address_ok = strategy.hit(_limit("SIGN_IN_LIMIT_PER_ADDRESS"), _prefix(), "sign-in-address",
                              _address())
    device = device_nonce_for(user_id)
    if device is not None and strategy.hit(
        _limit("SIGN_IN_LIMIT_PER_DEVICE"), _prefix(), "sign-in-device", device
    ):
        return Attempt(allowed=address_ok, account_key=key, trusted_device=device)
    checks = [
        address_ok,
        strategy.hit(_limit("SIGN_IN_LIMIT_PER_ACCOUNT"), _prefix(), "sign-in-account", key,
                     _address()),
        strategy.hit(_limit("SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"), _prefix(), "sign-in-account-day",
                     key),
    ]
    return Attempt(allowed=all(checks), account_key=key)


def forget_tries(attempt: Attempt) -> None:
    """The right password was given: clear the tight counts (the daily ceiling stays)."""
    strategy = limiter.limiter
    strategy.clear(_limit("SIGN_IN_LIMIT_PER_ACCOUNT"), _prefix(), "sign-in-account",
                   attempt.account_key, _address())
    if attempt.trusted_device:
        strategy.clear(_limit("SIGN_IN_LIMIT_PER_DEVICE"), _prefix(), "sign-in-device",
                       attempt.trusted_device)


def forget_account_tries(user_id: int) -> None:
    """The person proved who they are another way (a reset code): clear the tight count."""
    forget_tries(Attempt(allowed=True, account_key=account_key(user_id, "")))


def _serializer() -> URLSafeTimedSerializer:
    # Like the session cookie: HMAC-SHA-256, and old keys still verify while a key is rotated.
    config = current_app.config
    keys = [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]
    return URLSafeTimedSerializer(
        keys, salt=DEVICE_COOKIE_SALT, signer_kwargs={"digest_method": hashlib.sha256}
    )


def _cookie_lifetime() -> timedelta:
    return timedelta(days=current_app.config["DEVICE_COOKIE_DAYS"])


def _password_mark(user: User) -> str:
    """Changes whenever the password does, so a new password (after a lost phone, a reset)
    ends every device's pass. A hash of the salted argon2 hash: it tells nothing of either."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def device_nonce_for(user_id: int | None) -> str | None:
    """This browser's device nonce, if it holds a valid device cookie for this account."""
    value = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if user_id is None or not value:
        return None
    try:
        data = _serializer().loads(value, max_age=_cookie_lifetime().total_seconds())
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user_id:
        return None
    user = db.session.get(User, user_id)  # already loaded by the sign-in: no extra query
    if user is None or not user.is_active or data.get("mark") != _password_mark(user):
        return None  # turned off, or the password changed since this browser signed in
    nonce = data.get("device")
    return nonce if isinstance(nonce, str) and nonce else None


def remember_device(response, user_id: int) -> None:
    """After a successful sign-in: this browser may keep trying when others are shut out."""
    config = current_app.config
    user = db.session.get(User, user_id)
    value = _serializer().dumps(
        {"user": user_id, "device": secrets.token_urlsafe(16), "mark": _password_mark(user)}
    )
    response.set_cookie(
        config["DEVICE_COOKIE_NAME"],
        value,
        max_age=_cookie_lifetime(),
        path="/",
        secure=config["DEVICE_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
