"""Every line of the family record in plain words, and in a filter kind.

The first tests read the source of `app/`: each audit action written there must be in
`app.record.actions`, each family action must have a sentence (English and Spanish) and a
kind. The rest drive the features and read the record page and the export, as staff do.
"""

import ast
import io
import json
import re
import zipfile
from datetime import date, time, timedelta
from pathlib import Path

from flask_babel import force_locale

from app.concerns import services as concerns
from app.family_time import services as family_time
from app.family_time.court_record import AUDIT_ACTIONS
from app.family_time.expiry import expire_overdue
from app.models import AuditEvent, FamilyTime, Level, Outcome, User
from app.models.types import utcnow
from app.moderation import reports
from app.record.actions import (
    ACCOUNT_ACTIONS,
    FAMILY_ACTIONS,
    KNOWN_ACTIONS,
    MODERATION_ACTIONS,
    MODERATION_STEPS,
)
from app.record.filters import BY_KEY, KINDS
from app.record.services import describe
from tests import factories
from tests.pages import as_read

APP = Path(__file__).resolve().parent.parent / "app"


# --- what the source writes ----------------------------------------------------------------

def _dynamic_sites() -> dict[tuple[str, str], set[str]]:
    """The calls whose action is worked out at run time ((file, function): what they write).
    A new one fails `test_every_action_written_is_known` until it is listed here."""
    moderated = {a for a in MODERATION_ACTIONS if not a.endswith(".reported")}
    return {
        ("moderation/services.py", "_move"): moderated,
        ("moderation/reports.py", "add"): MODERATION_ACTIONS - moderated,
        ("family_time/services.py", "create_family_time"): {"family_time.created",
                                                             "family_time.proposed"},
        ("family_time/court_record.py", "court_record"): set(AUDIT_ACTIONS.values()),
    }


class _AuditCalls(ast.NodeVisitor):
    """Each `record(...)` / `AuditEvent(action=...)` call, with its function and file."""

    def __init__(self):
        self.stack, self.found = [], []

    def visit_FunctionDef(self, node):
        self.stack.append(node)
        self.generic_visit(node)
        self.stack.pop()

    def visit_Call(self, node):
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        keywords = {k.arg: k.value for k in node.keywords}
        action = None
        if name == "record":
            action = node.args[0] if node.args else keywords.get("action")
        elif name == "AuditEvent":
            action = keywords.get("action")
        if action is not None:
            family = keywords.get("family_id")
            has_family = family is not None and not (isinstance(family, ast.Constant)
                                                     and family.value is None)
            self.found.append((self.stack[-1] if self.stack else None, action, has_family))
        self.generic_visit(node)


def _constants(node) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        if body is not None and orelse is not None:
            return body | orelse
    return None


def _passed_to(tree: ast.Module, function: ast.FunctionDef, parameter: str) -> set[str] | None:
    """The constant values every call of `function` in its module passes as `parameter`."""
    position = [a.arg for a in function.args.args].index(parameter)
    values: set[str] = set()
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name:
            given = {k.arg: k.value for k in call.keywords}.get(parameter)
            if given is None and len(call.args) > position:
                given = call.args[position]
            found = _constants(given) if given is not None else None
            if found is None:
                return None
            values |= found
    return values or None


def _pattern(node: ast.JoinedStr) -> re.Pattern:
    parts = [re.escape(p.value) if isinstance(p, ast.Constant) else ".+" for p in node.values]
    return re.compile("".join(parts))


def _written() -> tuple[dict[str, bool], set[tuple[str, str]]]:
    """{action: written with a family id} for every call, and the dynamic sites met."""
    written: dict[str, bool] = {}
    met: set[tuple[str, str]] = set()
    sites = _dynamic_sites()
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP).as_posix()
        if relative == "models/audit.py":
            continue  # where `record` itself builds the row from its argument
        tree = ast.parse(path.read_text())
        visitor = _AuditCalls()
        visitor.visit(tree)
        for function, node, has_family in visitor.found:
            actions = _constants(node)
            if actions is None and isinstance(node, ast.Name) and function is not None:
                actions = _passed_to(tree, function, node.id)
            if actions is None:
                key = (relative, function.name if function else "")
                assert key in sites, f"{key}: an action worked out at run time; list it"
                actions = sites[key]
                met.add(key)
                if isinstance(node, ast.JoinedStr):
                    assert all(_pattern(node).fullmatch(a) for a in actions), key
            for action in actions:
                assert written.get(action, has_family) == has_family, action
                written[action] = has_family
    return written, met


def test_every_action_written_is_known_and_every_known_action_is_written():
    written, met = _written()
    assert len(written) > 60  # the scan found the app's calls, not nothing
    assert met == set(_dynamic_sites())  # no stale entry in the list of dynamic calls
    assert set(written) - KNOWN_ACTIONS == set(), "add these to app/record/actions.py"
    assert KNOWN_ACTIONS - set(written) == set(), "nothing writes these any more"
    # Family lines carry the family's id; account lines never reach a family's record.
    assert {a for a, has_family in written.items() if has_family} == FAMILY_ACTIONS
    assert {a for a, has_family in written.items() if not has_family} == ACCOUNT_ACTIONS


def test_the_moderation_steps_are_the_ones_the_service_writes():
    tree = ast.parse((APP / "moderation/services.py").read_text())
    steps = {call.args[4].value for call in ast.walk(tree)
             if isinstance(call, ast.Call) and getattr(call.func, "id", "") in {"_move",
                                                                               "_moderate"}
             and len(call.args) > 4 and isinstance(call.args[4], ast.Constant)}
    assert steps | {"reported"} == set(MODERATION_STEPS)


# --- a sentence and a kind for each ----------------------------------------------------------

SAM = User(display_name="Samantha Lee", preferred_name="Sam")
DETAIL = {
    "reason": "Late twice", "first": "2026-03-01", "last": "2026-03-31",
    "occurrence_date": "2026-03-10", "from_date": "2026-03-17", "starts_at":
    "2026-03-03T17:00:00+00:00", "every_weeks": None, "shared": True, "kind": "meeting",
    "outcome": "kept", "section": "bedtime", "child_name": "Mia", "to": "open",
    "to_name": "Kim", "from_names": ["Lee"], "fields": ["title"], "title": "School play",
    "membership_id": 9, "invitee_name": "Dana", "page": "record.index",
}
OVERRIDES = {
    "family_time.moved": {"before": "2026-03-10T17:00:00+00:00",
                          "after": "2026-03-12T18:30:00+00:00"},
    "family_time.outcome_recorded": {"before": "", "after": "attended"},
    "family_time.level_set": {"after": Level.UNSUPERVISED.value},
}
SUBJECTS = {"family_time": ("FamilyTime", 7), "event": ("Event", 8),
            "membership": ("Membership", 9)}
NO_ACTOR = {"family_time.expired", "password_reset.cancelled"}


def _fake(action: str) -> AuditEvent:
    subject_type, subject_id = SUBJECTS.get(action.split(".")[0], ("", None))
    return AuditEvent(action=action, actor=SAM, subject_type=subject_type,
                      subject_id=subject_id, detail={**DETAIL, **OVERRIDES.get(action, {})})


def _say(event: AuditEvent) -> str:
    return describe(event, {9: "Dana"}, {8: "School play"}, first_days={7: date(2026, 3, 3)},
                    time_zone="America/Los_Angeles")


def test_every_family_action_has_a_plain_sentence_in_english_and_spanish(app):
    with app.test_request_context():
        for action in sorted(FAMILY_ACTIONS):
            english = _say(_fake(action))
            assert english != action and "%(" not in english and "None" not in english, action
            assert "Sam" in english or action in NO_ACTOR, (action, english)
            if action.startswith("family_time.") and action != "family_time.level_set":
                assert "2026" in english, (action, english)  # a court reads which day
            with force_locale("es"):
                spanish = _say(_fake(action))
            assert spanish != english and "%(" not in spanish, (action, spanish)


def test_the_family_time_lines_name_what_the_event_holds(app):
    with app.test_request_context():
        said = {a: _say(_fake(a)) for a in ("family_time.approved", "family_time.moved",
                                            "family_time.cancelled")}
        assert said["family_time.approved"] == "Sam approved family time starting March 3, 2026."
        # Stored in UTC, said in the family's time zone (UTC-7 that day).
        # Babel puts a narrow no-break space before AM/PM.
        assert said["family_time.moved"] == ("Sam moved family time from Tue, Mar 10, 2026, "
                                             "10:00\u202fAM to Thu, Mar 12, 2026, "
                                             "11:30\u202fAM.")
        assert said["family_time.cancelled"] == ("Sam cancelled family time on March 10, 2026. "
                                                 "Reason: Late twice")


def test_an_unknown_action_is_still_shown_as_it_was_written(app):
    # Better its code than nothing; the tests above keep this from happening for real.
    with app.test_request_context():
        assert _say(_fake("family_time.something_new")) == "family_time.something_new"


def test_every_family_action_falls_into_a_filter_kind():
    for action in FAMILY_ACTIONS:
        assert any(kind.matches(action) for kind in KINDS), action
    assert not BY_KEY["exports"].names - FAMILY_ACTIONS  # no kind names a stale action
    for action in ("concern.raised", "concern.resolved", "report.resolved", "photo.reported"):
        assert BY_KEY["concerns"].matches(action), action
    assert BY_KEY["declines"].matches("family_time.expired")
    assert BY_KEY["exports"].matches("family_time.record_viewed")


# --- as staff read them ------------------------------------------------------------------------

def _lines(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in re.findall(
        r'<li class="record__line">.*?<p>(.*?)</p>\s*</li>', page, re.S)]


def _record(client, family, **args) -> list[str]:
    response = client.get(f"/families/{family.id}/record", query_string=args)
    assert response.status_code == 200
    return [line.replace("&#39;", "'") for line in _lines(as_read(response))]


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"  # as Babel writes a long English date


def _ask(family, member, day: date, **fields) -> FamilyTime:
    details = family_time.FamilyTimeDetails(
        child_ids=[c.id for c in family.children], day=day, start=time(17), end=time(18),
        parent_ids=[factories.scope_of(member, family).membership.id], place="Library",
        **fields)
    return family_time.create_family_time(factories.scope_of(member, family), details)


def test_family_time_from_request_to_outcome_reads_as_sentences(client, auth, family,
                                                               caseworker, parent, db):
    day = date.today() + timedelta(days=20)
    asked = _ask(family, parent, day)
    auth.login(caseworker)
    assert client.post(f"/families/{family.id}/calendar/{asked.id}/approve").status_code == 303
    staff = factories.scope_of(caseworker, family)
    family_time.cancel(staff, asked, "Mia is ill")
    past = factories.make_family_time(family, caseworker, days_ahead=-3)
    family_time.record_outcome(staff, past, None, Outcome.PARENT_DID_NOT_COME,
                               note="STAFF-ONLY-NOTE")
    lines = _record(client, family)
    words = _long(day)
    past_words = _long(past.first_date)
    assert f"Dana asked for family time on {words}." in lines
    assert f"Sam approved family time starting {words}." in lines
    assert f"Sam cancelled family time on {words}. Reason: Mia is ill" in lines
    assert (f"Sam recorded that the parent did not come to family time on {past_words}."
            in lines)
    assert not any("family_time." in line or "STAFF-ONLY-NOTE" in line for line in lines)
    # In Spanish too, with no code left.
    caseworker.locale = "es"  # Sam chose to read Hearth in Spanish
    db.session.commit()
    spanish = _record(client, family)
    assert any(line.startswith("Sam aprobó") for line in spanish), spanish
    assert not any("family_time." in line for line in spanish)


def test_a_request_nobody_answered_is_said_and_found_with_the_declines(client, auth, family,
                                                                       caseworker, parent, db):
    asked = _ask(family, parent, date.today() + timedelta(days=20),
                 confirm_by=date.today() + timedelta(days=1))
    assert expire_overdue(family.id, now=utcnow() + timedelta(days=3)) == 1
    auth.login(caseworker)
    words = _long(asked.first_date)
    expired = (f"Nobody answered the request for family time starting {words} in time, "
               "so it closed.")
    assert _record(client, family, kind="declines") == [expired]


def test_reports_and_concerns_have_their_own_kind(client, auth, family, caseworker, parent,
                                                  resource_parent, db):
    message = factories.make_message(family, parent, text="Said at pick-up")
    reports.report(message, factories.scope_of(resource_parent, family), "This worries me")
    auth.login(caseworker)
    assert client.post(f"/families/{family.id}/queue/message/{message.id}/talk",
                       data={"note": "STAFF-ONLY-TALK"}).status_code == 303
    concern = factories.make_concern(family, parent)
    concerns.resolve(factories.scope_of(caseworker, family), concern, "We agreed on times.")
    factories.make_photo(family, parent)  # a line of another kind
    lines = _record(client, family, kind="concerns")
    assert lines == [
        "Sam closed a concern with a resolution.",
        "Dana said something is not working, only to the caseworker.",
        "Sam read a report and will talk with the family about it.",
        "Rosa reported a message to the caseworker. Reason: This worries me",
    ]
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert "STAFF-ONLY-TALK" not in page and "photo" in page


def test_the_export_says_the_same_words(client, auth, family, caseworker, parent, db):
    asked = _ask(family, parent, date.today() + timedelta(days=20), every_weeks=2,
                 last_date=date.today() + timedelta(days=80))
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/export",
                           data={"submit": "Download the ZIP file", "leave_out_private": "y"})
    assert response.status_code == 200
    audit = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("audit.json"))
    texts = {line["action"]: line["text"] for line in audit["audit"]}
    words = _long(asked.first_date)
    assert texts["family_time.proposed"] == (
        f"Dana asked for family time every 2 weeks, starting {words}.")
    assert all(text != action for action, text in texts.items())
