"""The demo shows every language: a person who reads each one, writing in it, and the README
lists every sign-in `flask demo-data` prints."""

import re
from pathlib import Path

from sqlalchemy import select

from app.config import Config
from app.models import AboutVersion, Membership, MembershipStatus, Message, User

ROOT = Path(__file__).resolve().parent.parent

# Who writes in which language, and a sign that the words are in it.
WRITERS = {
    "wei": ("zh_Hans", re.compile(r"[\u4e00-\u9fff]")),
    "ifrah": ("ar", re.compile(r"[\u0600-\u06ff]")),
    "faadumo": ("so", re.compile(r"\b(waxay|Mahadsanid|Carruurtu|Ciidda)\b")),
    "mirlande": ("ht", re.compile(r"\b(renmen|Mèsi|nou|Bonjou|pou)\b")),
}


def test_each_new_language_has_a_demo_person_who_writes_in_it(demo, db):
    for username, (locale, words) in WRITERS.items():
        user = db.session.scalar(select(User).filter_by(username=username))
        assert user.locale == locale, username
        messages = db.session.scalars(select(Message).filter_by(author_id=user.id)).all()
        about = db.session.scalars(select(AboutVersion).filter_by(author_id=user.id)).all()
        assert len(messages) >= 2 and all(m.is_visible for m in messages), username
        assert about and all(v.is_visible for v in about), username
        for text in [m.text for m in messages] + [v.text for v in about]:
            assert words.search(text), (username, text)
    linh = db.session.scalar(select(User).filter_by(username="linh"))
    assert linh.locale == "vi"
    assert db.session.scalar(select(Membership.status).filter_by(user_id=linh.id)) \
        is MembershipStatus.PENDING  # still waiting for Sam, as the README says


def test_every_language_has_a_catalog_and_a_demo_reader(demo, db):
    """A demo person's language is one Hearth has words for (a shipped one, or one whose
    glossary is still being written: they read English until it ships, app/i18n.py)."""
    locales = set(db.session.scalars(select(User.locale)))
    catalogs = {p.parent.parent.name for p in (ROOT / "translations").glob("*/LC_MESSAGES/*.po")}
    assert locales - {"en"} <= catalogs
    assert set(Config.LANGUAGES) <= locales
    assert catalogs <= locales  # every language the catalogs speak, someone in the demo reads


def test_the_readme_lists_every_demo_sign_in(demo, db):
    output = demo
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| who | sign in with |"):readme.index("Each of them writes")]
    printed = re.findall(r"(\S+)\s+password: ", output)
    signed_in = set(re.findall(r"`([^`]+)`", table)) - {"hearth demo 2026"}
    assert printed, output
    assert set(printed) == signed_in
