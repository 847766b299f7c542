"""The record's words for changes asked for to shared events and photo captions."""

from flask_babel import gettext as _

from app.models import AuditEvent


def edit_sentence(event: AuditEvent, actor: str, title: str, reason: str) -> str | None:
    """A change asked for to a shared event or photo caption (app/models/edits.py), and what
    became of it; the old and new words stay in the detail."""
    step = event.action.removeprefix("edit.")
    if event.detail.get("item_kind") == "photo":
        said = {
            "asked": lambda: _("%(actor)s asked to change the caption of a photo. It waits "
                               "for review.", actor=actor),
            "approved": lambda: _("%(actor)s approved a new caption for a photo.", actor=actor),
            "declined": lambda: _("%(actor)s did not share a new caption for a photo. "
                                  "Reason: %(reason)s", actor=actor, reason=reason),
            "withdrawn": lambda: _("%(actor)s took back their new caption for a photo.",
                                   actor=actor),
        }
    else:
        said = {
            "asked": lambda: _("%(actor)s asked to change '%(title)s'. It waits for review.",
                               actor=actor, title=title),
            "approved": lambda: _("%(actor)s approved a change to '%(title)s'.", actor=actor,
                                  title=title),
            "declined": lambda: _("%(actor)s did not share a change to '%(title)s'. "
                                  "Reason: %(reason)s", actor=actor, title=title, reason=reason),
            "withdrawn": lambda: _("%(actor)s took back their change to '%(title)s'.",
                                   actor=actor, title=title),
        }
    # Steps every shared item has in the vocabulary; a change is never hidden, sent back or
    # reported today, but the record would still say it plainly.
    said |= {
        "hidden": lambda: _("%(actor)s hid a change. Reason: %(reason)s", actor=actor,
                            reason=reason),
        "returned_for_review": lambda: _("%(actor)s's change waits for review again.",
                                         actor=actor),
        "reported": lambda: _("%(actor)s reported a change to the caseworker. Reason: "
                              "%(reason)s", actor=actor, reason=reason),
    }
    say = said.get(step)
    return say() if say else None
