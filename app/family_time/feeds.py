"""Routes for the calendar app: the person's subscription page and feed, and single `.ics`
downloads of one family time or one event ("add to my calendar"). Rules are in `ical.py`."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField

from app.access import family_scope
from app.extensions import db, limiter
from app.family_time import ical, services
from app.family_time.agenda import event_entry
from app.limits import per_person
from app.models import Event
from app.models.feeds import FeedState, feed_state, hash_feed_token
from app.moderation import may_see

bp = Blueprint("feeds", __name__)

def _feed_key() -> str:
    """The fetching address and which calendar: Google's and Microsoft's fetchers bring many
    people's calendars from one address. The token's digest, never the token: the rate-limit
    store must not hold keys to calendars."""
    token = (request.view_args or {}).get("token", "")
    return f"{get_remote_address()}:{hash_feed_token(token)[:32]}"


def _no_such_feed(response) -> bool:
    return g.get("feed_never_existed", False)


feed_limit = limiter.limit(
    lambda: current_app.config["CALENDAR_FEED_LIMIT_PER_FEED"], key_func=_feed_key,
    scope="calendar-feed")
# Per address, only tokens that never existed count (a guess, a scanner; a replaced address
# too, as its row is gone). An ended one is a calendar app nobody told: counting those could
# shut a shared fetcher out for everyone after an admin's "sign everyone out".
guess_limit = limiter.limit(
    lambda: current_app.config["CALENDAR_FEED_LIMIT_PER_ADDRESS"], deduct_when=_no_such_feed,
    scope="calendar-feed-guess")


class FeedForm(FlaskForm):
    # Asked only when an address exists already: making a new one stops the old one.
    confirm = BooleanField(_l("I understand that the old address will stop working"))
    submit = SubmitField(_l("Make my calendar address"))


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
@per_person("CALENDAR_FEED_RESET_LIMIT_PER_PERSON")
def feed_page():
    form = FeedForm()
    state = feed_state(current_user.id)
    has_feed = state is FeedState.WORKING
    if form.validate_on_submit():
        if has_feed and not form.confirm.data:
            form.confirm.errors = [_l("Tick the box to make a new address.")]
        else:
            token = ical.new_feed_token(current_user)
            address = url_for("feeds.feed", token=token, _external=True)
            response = Response(render_template(
                "family_time/feed.html", form=FeedForm(formdata=None), has_feed=True,
                address=address, webcal="webcal://" + address.split("://", 1)[1]))
            # The address is the key to the calendar: no cache may keep the page.
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("family_time/feed.html", form=form, has_feed=has_feed, address=None,
                           feed_ended=state is FeedState.ENDED)


@bp.route("/feed/<token>.ics")
@guess_limit
@feed_limit
def feed(token: str):
    """No session: calendar apps fetch this on their own. The token is the key (404 otherwise)."""
    user = ical.user_for_feed_token(token)
    if user is None:
        g.feed_never_existed = not ical.feed_token_existed(token)
        abort(404)
    with force_locale(user.locale):
        body = ical.feed_calendar(user, _link)
    return _ics(body, "hearth.ics", attachment=False)


@bp.route("/families/<int:family_id>/calendar/<int:family_time_id>/event.ics")
def family_time_ics(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    item = services.load_family_time(scope, family_time_id)
    if item is None or not item.is_visible:
        abort(404)
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    entry = services.entry_for(scope, item, day)
    if not ical.belongs_in_calendar_app(entry):
        abort(404)
    return _ics(ical.single_calendar(scope, entry, _link(entry)), ical.filename(entry))


@bp.route("/families/<int:family_id>/events/<int:event_id>/event.ics")
def event_ics(family_id: int, event_id: int):
    scope = family_scope(family_id)
    event = db.session.scalar(may_see(Event, scope, shared_only=True).where(Event.id == event_id))
    if event is None:
        abort(404)
    entry = event_entry(scope, event)
    return _ics(ical.single_calendar(scope, entry, _link(entry)), ical.filename(entry))


def _link(entry) -> str:
    return url_for(entry.endpoint, _external=True, **entry.url_args)


def _ics(body: bytes, filename: str, *, attachment: bool = True) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
