"""Rate limits per signed-in person, for actions that create rows (ASVS 2.4.1).

Sign-in and joining are limited per account and per address (app/auth/throttle.py,
app/joining/routes.py). Once signed in, the person is the key: a script with a stolen session
cannot create thousands of invitations, and an office behind one address is not one person.
Each limit is a config key ("30 per hour"), read on every request so it can be changed by
setting HEARTH_<KEY>; routes that share a key share one count. A request over the limit
gets the friendly 429 page (app/errors.py) before the view runs, so nothing is created.
"""

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.extensions import limiter


def person_key() -> str:
    if current_user.is_authenticated:
        return f"person:{current_user.id}"
    return f"address:{get_remote_address()}"  # the view will refuse them anyway


def per_person(config_key: str):
    """Decorator: limit a view's POSTs per signed-in person to `config[config_key]`.

    Put it under @bp.route, e.g.::

        @bp.route("/invitations/new", methods=["GET", "POST"])
        @per_person("INVITE_LIMIT_PER_PERSON")
        def invite(family_id): ...
    """
    return limiter.limit(
        lambda: current_app.config[config_key],
        key_func=person_key,
        methods=["POST"],  # showing the form again costs nothing
        scope=config_key.lower(),
    )
