"""Every audit action the app writes, in one list: the record must say each in plain words.

`tests/test_record_words.py` reads the source of `app/` and fails when a `record(...)` call
writes an action missing here, when a family action has no sentence, or when it falls into
no filter kind. Add a new action here with its sentence and its kind.
"""

from app.models.shared import SharedItem

# What `app.moderation` writes after a shared item's audit name ("photo.approved"): the four
# moves, the author's change going back to review, and a member's report.
MODERATION_STEPS = ("approved", "declined", "hidden", "withdrawn", "returned_for_review",
                    "reported")


def _shared_item_names() -> tuple[str, ...]:
    # Each kind of shared item names itself; a new kind is covered without a change here.
    return tuple(sorted(model.audit_name for model in SharedItem.__subclasses__()))


MODERATION_ACTIONS = frozenset(f"{name}.{step}" for name in _shared_item_names()
                               for step in MODERATION_STEPS)

# Written with the family's id: each is a line of the family record and of its export.
FAMILY_ACTIONS = MODERATION_ACTIONS | frozenset({
    "family.created", "family.exported", "family.viewed_by_admin",
    "family.review_level_changed", "family.caseworker_changed",
    "child.added",
    "invitation.created", "invitation.revoked", "invitation.accepted",
    "membership.approved", "membership.declined", "membership.suspended",
    "membership.restored", "membership.contact_changed",
    "password_reset.issued", "password_reset.used", "password_reset.cancelled",
    "about.written",
    "photo.shared", "photo.caption_changed",
    "message.edited",
    "event.created", "event.edited",
    "edit.asked",
    "family_time.created", "family_time.proposed", "family_time.cancelled",
    "family_time.moved", "family_time.series_changed", "family_time.outcome_recorded",
    "family_time.expired", "family_time.level_set",
    "family_time.record_viewed", "family_time.record_exported",
    "concern.raised", "concern.step_added", "concern.resolved", "concern.reopened",
    "report.resolved",
})

# Written without a family: about a person's account or the whole install. They are never a
# line of any family's record (it reads only its own family's rows), so they need no sentence
# there; the test checks that these calls indeed pass no family id.
ACCOUNT_ACTIONS = frozenset({
    "staff.created", "account.deactivated", "account.reactivated", "account.sessions_ended",
    "account.password_changed", "sessions.all_ended", "calendar_feed.created",
    "calendar_feed.reset", "glossary.term_changed",
})

KNOWN_ACTIONS = FAMILY_ACTIONS | ACCOUNT_ACTIONS
