"""The layer rule of DESIGN.md, and the model-level rules lower layers rely on."""

import ast
import re
from datetime import timedelta
from pathlib import Path

from app.models import AuditEvent, Membership, MembershipStatus
from app.models.families import lift_pause_if_over
from app.models.types import utcnow

APP = Path(__file__).resolve().parent.parent / "app"
FEATURES = {path.parent.name for path in APP.glob("*/routes.py")}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_lower_layers_import_no_feature_package():
    """access.py serves every feature and imports none; models know no features either."""
    assert {"members", "families", "auth"} <= FEATURES
    lower = [APP / "access.py", *(APP / "models").glob("*.py")]
    for path in lower:
        features = {m for m in imported_modules(path)
                    if m.startswith("app.") and m.split(".")[1] in FEATURES}
        assert not features, f"{path.name} imports {features}"


def _paused(db, membership, until):
    membership.status = MembershipStatus.SUSPENDED
    membership.status_reason = "Cooling-off period"
    membership.suspended_until = until
    db.session.commit()
    return membership


def test_the_model_says_when_a_pause_is_over(db, family, parent):
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    now = utcnow()
    assert not membership.pause_is_over(now)  # active
    _paused(db, membership, None)
    assert not membership.pause_is_over(now)  # paused until a caseworker restores
    _paused(db, membership, now + timedelta(minutes=1))
    assert not membership.pause_is_over(now)
    assert membership.pause_is_over(now + timedelta(minutes=1))


def test_a_pause_is_lifted_once_with_one_audit_event(db, family, parent):
    membership = _paused(db, db.session.scalar(db.select(Membership).filter_by(
        user_id=parent.id)), utcnow() - timedelta(seconds=1))
    assert lift_pause_if_over(membership) is True
    assert lift_pause_if_over(membership) is False
    db.session.commit()
    assert membership.status is MembershipStatus.ACTIVE
    assert membership.suspended_until is None and membership.status_reason == ""
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="membership.restored"))
    assert [(e.actor_id, e.detail) for e in events] == [(None, {"automatic": True})]


def test_a_stale_copy_does_not_lift_twice(make_app, db, family, parent):
    """Two requests that both loaded the paused membership: only one UPDATE matches."""
    stale = _paused(db, db.session.scalar(db.select(Membership).filter_by(
        user_id=parent.id)), utcnow() - timedelta(seconds=1))
    with make_app().app_context():
        fresh = db.session.get(Membership, stale.id)
        assert lift_pause_if_over(fresh) is True
        db.session.commit()
    assert lift_pause_if_over(stale) is False
    assert stale.status is MembershipStatus.ACTIVE  # refreshed from the database
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).filter_by(
        action="membership.restored")) == 1


# A state set or filtered by hand: `.state = …`, or a comparison with a content state.
STATE_BY_HAND = re.compile(
    r"\.state\s*=[^=]|ContentState\.(PENDING|VISIBLE|HIDDEN|DECLINED|WITHDRAWN)\b")


def test_features_neither_set_nor_filter_content_states_themselves():
    """Shared items change state only through app/moderation, and features read "waiting",
    "shared" and "may see" from it (its `waiting`, `shared`, `may_see`, `reviewable`) rather
    than comparing states: one rule, so a hidden item cannot leak through a query that forgot
    it. The models (the vocabulary) and the demo data (stored straight) are the exceptions."""
    found = [
        f"{path.relative_to(APP)}:{number}: {line.strip()}"
        for path in sorted(APP.rglob("*.py"))
        if path.parent.name not in {"moderation", "models"} and path.name != "demo.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATE_BY_HAND.search(line)
    ]
    assert not found, "\n".join(found)
