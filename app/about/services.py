"""Writing and reading "about me" versions, what is new for the family home, and moderation.

Every read starts from `may_see`, so a pending, declined, hidden or withdrawn version reaches
nobody but its author and the caseworker; everyone else keeps the last version they may see.
Pages run a fixed number of queries however many versions a family has written.
"""

from dataclasses import dataclass, field

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import selectinload

from app import moderation
from app.about.sections import BY_KEY, SECTIONS, Section
from app.access import FamilyScope
from app.extensions import db
from app.models import AboutVersion, Child, Role
from app.models.audit import record
from app.models.seen import SeenMarker, mark_seen
from app.moderation import news
from app.notifications import notify
from app.pagination import KeysetPage, keyset_page

AREA = "about"
HISTORY_PAGE_SIZE = 20
# Parent partners read the family's space but do not write the child's "about me" (DESIGN.md).
WRITERS = frozenset({Role.PARENT, Role.RESOURCE_PARENT, Role.CASEWORKER})


class NothingChanged(Exception):
    """The text is the same as the version the person started from."""


class WrittenMeanwhile(Exception):
    """Someone saved this section after the writer opened the form. `current`: the newest
    version this writer may see now (what their form would replace); nothing was saved."""

    def __init__(self, current: "AboutVersion | None"):
        super().__init__("the section changed after the form was opened")
        self.current = current


@dataclass
class SectionView:
    section: Section
    # What everyone in the family sees now (None: nothing shared yet).
    shown: AboutVersion | None = None
    # Newer versions only this reader sees: their own waiting or declined change, or, for the
    # caseworker, changes to review. Newest first.
    newer: list[AboutVersion] = field(default_factory=list)

    @property
    def latest(self) -> AboutVersion | None:
        """The text a new version starts from: the newest one this reader sees."""
        return self.newer[0] if self.newer else self.shown

    @property
    def is_empty(self) -> bool:
        return self.latest is None


def may_write(scope: FamilyScope) -> bool:
    return scope.membership.role in WRITERS


def _may_see(scope: FamilyScope):
    return moderation.may_see(AboutVersion, scope)


def sections_of(scope: FamilyScope, child: Child) -> list[SectionView]:
    """Every section of one child, in the fixed order, in two queries (rows, then authors).

    Per section and per state, the newest version this reader may see: enough to know what the
    family sees now (the newest visible one) and what newer change this reader alone sees,
    without reading the whole history. Grouping by state is not filtering on it: `may_see` has
    already decided what this reader may see.
    """
    seen = _may_see(scope).where(AboutVersion.child_id == child.id).subquery()
    newest = select(func.max(seen.c.id)).group_by(seen.c.section, seen.c.state)
    rows = db.session.scalars(
        select(AboutVersion)
        .where(AboutVersion.id.in_(newest))
        .options(selectinload(AboutVersion.author))
        .order_by(AboutVersion.id.desc())
    )
    views = {section.key: SectionView(section) for section in SECTIONS}
    for version in rows:  # newest first
        view = views.get(version.section)
        if view is None or view.shown is not None:
            continue  # an unknown key, or older than what everyone sees: history only
        if version.is_visible:
            view.shown = version
        else:
            view.newer.append(version)
    return list(views.values())


def section_of(scope: FamilyScope, child: Child, key: str) -> SectionView:
    return next(view for view in sections_of(scope, child) if view.section.key == key)


def history(scope: FamilyScope, child: Child, key: str, before: int | None) -> KeysetPage:
    """Every version of one section this reader may see, newest first, a page at a time."""
    query = (
        _may_see(scope)
        .where(AboutVersion.child_id == child.id, AboutVersion.section == key)
        .options(selectinload(AboutVersion.author))
    )
    return keyset_page(query, AboutVersion.id, before=before, size=HISTORY_PAGE_SIZE)


def version_or_none(scope: FamilyScope, version_id: int) -> AboutVersion | None:
    return db.session.scalar(_may_see(scope).where(AboutVersion.id == version_id))


def write(scope: FamilyScope, child: Child, key: str, text: str,
          based_on: int | None = None) -> AboutVersion:
    """Add a new version of a section; in a reviewed family it waits for the caseworker.

    `based_on`: the id of the version the form was opened on (0: the section was empty;
    None: as it is now). When someone saved a version this writer may see after that, nothing
    is saved and `WrittenMeanwhile` says what is there now: a second save from a form left
    open never silently replaces the first (an allergy line would vanish).
    """
    text = text.strip()
    latest = section_of(scope, child, key).latest
    latest_id = latest.id if latest is not None else 0
    if based_on is not None and based_on != latest_id:
        raise WrittenMeanwhile(latest)
    if latest is not None and latest.text == text:
        raise NothingChanged
    # One writer of this child's "about me" at a time (PostgreSQL locks the row; SQLite
    # writes one at a time from the INSERT below), so the check after it sees any version
    # saved a moment before, and the database, not the timing, decides.
    db.session.execute(select(Child.id).where(Child.id == child.id).with_for_update())
    version = AboutVersion(
        family_id=scope.family.id,
        author_id=scope.membership.user_id,
        child_id=child.id,
        section=BY_KEY[key].key,
        text=text,
        state=moderation.new_item_state(scope),
    )
    moderation.number_new(version)  # its place in the family's order of sharing
    db.session.add(version)
    db.session.flush()
    newest_before = db.session.scalar(
        _may_see(scope)
        .where(AboutVersion.child_id == child.id, AboutVersion.section == key,
               AboutVersion.id != version.id)
        .with_only_columns(func.coalesce(func.max(AboutVersion.id), 0))
    )
    if newest_before != latest_id:
        db.session.rollback()
        raise WrittenMeanwhile(section_of(scope, child, key).latest)
    record(
        "about.written", actor=scope.membership.user, family_id=scope.family.id,
        subject=version, section=key, child_name=child.name,
    )
    notify.item_added(version, scope.membership.user_id)
    db.session.commit()
    return version


def seen_area(child_id) -> str:
    """The "new since you last looked" area of one child's "about me".

    One marker per child, not per family: opening Mia's page must not mark Leo's newer
    change as seen, and a single highest-id marker could not say "seen Mia's, not Leo's".
    """
    return f"{AREA}:{child_id}"


def mark_about_seen(scope: FamilyScope, child: Child, versions) -> None:
    """Opening a child's "about me" shows what each section says now: the marker of that child
    moves to the newest of those versions. A version approved while the page was read has a
    newer number and stays new; an older one that a newer text replaced is never news
    (`home_section` looks only at what each section says now)."""
    newest = max((v.shared_seq for v in versions if v is not None and v.is_visible), default=0)
    if newest and scope.membership.id is not None:
        mark_seen(scope.membership.id, seen_area(child.id), newest)
        db.session.commit()


@dataclass(frozen=True)
class Changed:
    version: AboutVersion
    section: Section


@dataclass(frozen=True)
class AboutHome:
    """What the family home shows of "about me": changed sections since the last look."""

    changed: list[Changed]
    shared_any: bool  # anything at all this reader may see, for the first-time message

    def __bool__(self) -> bool:
        return bool(self.changed)


def home_section(scope: FamilyScope) -> AboutHome:
    """Sections whose text, as the family sees it now, is new to this member since they last
    opened that child's "about me" (app.moderation.news: shared after that child's marker, by
    someone else, not approved by them; so a change approved late is new too).

    Three queries whatever the family wrote: what each section says now and which of those are
    new (each child's marker read in the same query), then their authors and children.
    """
    if scope.membership.id is None:
        return AboutHome(changed=[], shared_any=bool(db.session.scalar(
            select(_may_see(scope).with_only_columns(AboutVersion.id).limit(1).exists()))))
    shared = _may_see(scope).where(moderation.shared(AboutVersion)).subquery()
    says_now = select(func.max(shared.c.id)).group_by(shared.c.child_id, shared.c.section)
    marker = (
        select(SeenMarker.last_seen_seq)
        .where(
            SeenMarker.membership_id == scope.membership.id,
            SeenMarker.area == literal(f"{AREA}:") + cast(AboutVersion.child_id, String),
        )
        .scalar_subquery()
    )
    changed = [
        Changed(version, BY_KEY[version.section])
        for version in db.session.scalars(
            news.new_to(AboutVersion, scope, func.coalesce(marker, 0))
            .where(AboutVersion.id.in_(says_now))
            .options(selectinload(AboutVersion.author), selectinload(AboutVersion.child))
            .order_by(AboutVersion.shared_seq.desc())
        )
        if version.section in BY_KEY
    ]
    shared_any = bool(changed) or db.session.scalar(
        select(_may_see(scope).with_only_columns(AboutVersion.id).limit(1).exists())
    )
    return AboutHome(changed=changed, shared_any=bool(shared_any))


# Moderation, from the about pages: each wraps the one moderation service.
def approve(scope: FamilyScope, version: AboutVersion) -> None:
    moderation.approve(version, scope)


def decline(scope: FamilyScope, version: AboutVersion, reason: str) -> None:
    moderation.decline(version, scope, reason)


def hide(scope: FamilyScope, version: AboutVersion, reason: str) -> None:
    moderation.hide(version, scope, reason)


def withdraw(scope: FamilyScope, version: AboutVersion) -> None:
    moderation.withdraw(version, scope)
