"""Signed unsubscribe links: they work signed out, and each changes one person's choices once.

The token holds the person, the channel and, per group the email was about, the version of
that choice when the email was made (app/models/notifications.py NotificationChoice.version):
using it turns those groups Off only if nobody changed them since, so a click on a months-old
email after turning email back on changes nothing.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.models.notifications import Channel, Group

SALT = "hearth-unsubscribe"


def _serializer() -> URLSafeSerializer:
    # Old keys still read links in emails sent before a key was rotated (newest key last).
    keys = [*current_app.config.get("SECRET_KEY_FALLBACKS", []), current_app.config["SECRET_KEY"]]
    return URLSafeSerializer(keys, salt=SALT)


def make(user_id: int, channel: Channel, versions: dict[Group, int]) -> str:
    return _serializer().dumps([user_id, str(channel),
                                sorted([str(g), v] for g, v in versions.items())])


def read(token: str) -> tuple[int, Channel, dict[Group, int]] | None:
    try:
        user_id, channel, versions = _serializer().loads(token)
        return int(user_id), Channel(channel), {Group(g): int(v) for g, v in versions}
    except (BadSignature, ValueError, TypeError):
        return None
