"""Password hashing meets OWASP ASVS 5.0; the content-state vocabulary allows only its moves."""

import pytest
from argon2 import extract_parameters

from app import passwords
from app.config import Config
from app.models.states import ContentState, ReviewLevel, can_move, initial_content_state


def test_production_hash_settings_meet_asvs(app):
    assert Config.PASSWORD_HASH_MEMORY_KIB >= 19 * 1024
    assert Config.PASSWORD_HASH_TIME_COST >= 2
    app.config.update(PASSWORD_HASH_MEMORY_KIB=Config.PASSWORD_HASH_MEMORY_KIB,
                      PASSWORD_HASH_TIME_COST=Config.PASSWORD_HASH_TIME_COST)
    hashed = passwords.hash_password("a perfectly fine passphrase")
    params = extract_parameters(hashed)
    assert hashed.startswith("$argon2id$")
    assert (params.memory_cost, params.time_cost) == (19456, 2)
    assert passwords.verify_password(hashed, "a perfectly fine passphrase")
    assert not passwords.verify_password(hashed, "a perfectly fine passphrasE")


def test_weaker_old_hashes_are_upgraded_at_sign_in(app, client, parent, db):
    from tests.factories import PASSWORD

    old_hash = parent.password_hash
    app.config["PASSWORD_HASH_TIME_COST"] = 3
    client.post("/sign-in", data={"identifier": parent.email, "password": PASSWORD})
    assert parent.password_hash != old_hash
    assert extract_parameters(parent.password_hash).time_cost == 3


@pytest.mark.parametrize("word", ["password", "Password", "123456789", "iloveyou", "qwerty123"])
def test_common_passwords_are_known(word):
    assert passwords.is_common(word)


def test_an_uncommon_password_is_not(app):
    assert not passwords.is_common("grandma's blue kitchen table")
    assert len(passwords.common_passwords()) > 15000


def test_content_moves():
    assert can_move(ContentState.PENDING, ContentState.VISIBLE)
    assert can_move(ContentState.PENDING, ContentState.DECLINED)
    assert can_move(ContentState.VISIBLE, ContentState.HIDDEN)
    assert can_move(ContentState.VISIBLE, ContentState.WITHDRAWN)
    assert not can_move(ContentState.DECLINED, ContentState.VISIBLE)
    assert not can_move(ContentState.HIDDEN, ContentState.VISIBLE)
    assert not can_move(ContentState.PENDING, ContentState.HIDDEN)


def test_new_items_start_by_review_level():
    start = initial_content_state
    assert start(ReviewLevel.REVIEWED, author_is_staff=False) is ContentState.PENDING
    assert start(ReviewLevel.OPEN, author_is_staff=False) is ContentState.VISIBLE
    assert start(ReviewLevel.REVIEWED, author_is_staff=True) is ContentState.VISIBLE
