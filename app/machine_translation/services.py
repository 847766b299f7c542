"""The rules of "Show in <your language>": when it is offered, and what a tap gives.

| function      | what it does                                                            |
|---------------|-------------------------------------------------------------------------|
| `offered`     | the button is shown: a service is configured, it translates into the     |
|               | reader's language, and someone else wrote the text in another language  |
| `translation` | the unit in the reader's language: kept words, else the service's       |
| `kept_only`   | the unit's kept words, without asking the service (the page after a tap) |

The original is never changed: a translation is kept beside it (app/machine_translation/
cache.py) and shown under it, marked as made by a machine.
"""

from dataclasses import dataclass, field

from flask_babel import get_locale

from app.access import FamilyScope
from app.machine_translation import cache, service
from app.machine_translation.texts import Unit


@dataclass(frozen=True)
class Shown:
    """What the reader sees under the original: the translated words (field, words), or none
    yet, or that the service could not help this time."""

    unit: Unit
    translated: list[tuple[str, str]] = field(default_factory=list)
    failed: bool = False


def reader_locale() -> str:
    return str(get_locale())


def offered(unit: Unit | None, scope: FamilyScope) -> bool:
    target = reader_locale()
    return (unit is not None and service.is_on() and service.service_code(target) is not None
            and unit.writer.id != scope.membership.user_id and unit.writer.locale != target)


def _source(unit: Unit) -> tuple[str, str]:
    """The writer's language, as Hearth names it (for the kept row) and as the service does
    ("auto" when the service has no code for it: it guesses)."""
    return unit.writer.locale, service.service_code(unit.writer.locale) or "auto"


def kept_only(unit: Unit, scope: FamilyScope) -> Shown:
    target = reader_locale()
    source, _code = _source(unit)
    translated = [(name, cache.kept(scope.family.id, unit.kind.name, unit.item.id, name, text,
                                    source, target)) for name, text in unit.words]
    if any(words is None for _name, words in translated):
        return Shown(unit)
    return Shown(unit, translated)


def translation(unit: Unit, scope: FamilyScope) -> Shown:
    """Kept words where there are some; the rest from the service, then kept. When the service
    fails for any part, nothing new is kept and the reader is told calmly."""
    target = reader_locale()
    source, source_code = _source(unit)
    target_code = service.service_code(target)
    ids = (scope.family.id, unit.kind.name, unit.item.id)
    kept = {name: cache.kept(*ids, name, text, source, target) for name, text in unit.words}
    fresh = {}
    try:
        for name, text in unit.words:
            if kept[name] is None:
                fresh[name] = service.translate(text, source=source_code, target=target_code)
    except service.Unavailable:
        return Shown(unit, failed=True)
    for name, text in unit.words:
        if name in fresh:
            kept[name] = cache.keep(*ids, name, text, source, target, fresh[name])
    return Shown(unit, [(name, kept[name]) for name, _text in unit.words])
