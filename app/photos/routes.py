"""Routes for photos: the gallery, one photo, its image files, sharing, and moderation."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _

from app import moderation
from app.access import family_scope, part_of_a_page
from app.forms import EmptyForm
from app.htmx import render_page_or_fragment
from app.ids import id_arg
from app.limits import per_person
from app.moderation import reports
from app.moderation.forms import ReasonForm
from app.moderation.report_page import report_page
from app.notifications.reading import read_on_screen
from app.photos import bp, captions, services
from app.photos.forms import CaptionForm, UploadForm
from app.security_events import log_refused_form, log_security_event
from app.storage import MissingFile

# The upload script asks for this header's answer instead of following a redirect, so the
# "shared" message is read by the page it goes to, not by the script.
XHR_HEADER = "X-Hearth-Upload"


@bp.route("")
def gallery(family_id: int):
    scope = family_scope(family_id)
    before = request.args.get("before", type=id_arg)
    seen = services.seen_before(scope)
    page = services.gallery_page(scope, before=before)
    response = render_page_or_fragment(
        "photos/gallery.html", "photos/_grid.html", page=page, action_form=EmptyForm(),
        is_new=lambda photo: services.is_new(photo, scope, seen),
    )
    # After rendering: the commit expires the loaded photos, which would reload one by one.
    # Every page marks what it showed ("Show more" too): never a photo it did not show.
    services.mark_gallery_seen(scope, page, seen)
    return response


@bp.route("/new", methods=["GET", "POST"])
@per_person("PHOTO_UPLOAD_LIMIT_PER_PERSON")
def upload(family_id: int):
    scope = family_scope(family_id, roles=services.SHARERS)
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        files = [(_shown_name(f.filename), f.read()) for f in form.files]
        try:
            photos = services.share_photos(scope, files, form.caption.data or "")
        except services.UploadRefused as refused:
            problems = refused.messages
            log_security_event("upload.refused", family_id=scope.family.id,
                               reasons=refused.reasons)
        else:
            waiting = any(p.is_pending for p in photos)
            flash(
                _("Your photos are waiting for the caseworker to look at them.") if waiting
                else _("Your photos are shared with the family."),
                "success",
            )
            target = url_for("photos.gallery", family_id=family_id)
            if request.headers.get(XHR_HEADER):
                response = make_response("", 204)
                response.headers[XHR_HEADER] = target
                return response
            return redirect(target, code=303)
    if form.errors:
        log_refused_form("upload.refused", form, family_id=scope.family.id)
    status = 422 if (problems or form.errors) else 200
    return render_template("photos/upload.html", form=form, problems=problems), status


@bp.route("/<int:photo_id>")
def photo(family_id: int, photo_id: int):
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    # The author sees their new caption while it waits (or why it was not shared); the
    # caseworker sees one that waits for them. Everyone reads the approved caption.
    change = (captions.waiting_caption(item, scope) if scope.is_caseworker
              else captions.my_last_caption(item, scope))
    if change is not None and not (change.is_pending or change.state.value == "declined"):
        change = None
    read_on_screen(scope, "photo", [item.id])
    return render_template("photos/photo.html", photo=item, action_form=EmptyForm(),
                           report_state=reports.report_state(item, scope), change=change)


@bp.route("/<int:photo_id>/report", methods=["GET", "POST"])
def report(family_id: int, photo_id: int):
    """A member tells the caseworker a shared photo worries them (once per photo)."""
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    return report_page(item, scope, template="photos/report.html", item=item,
                       heading=_("Report a photo"), back_url=_item_url(family_id, item),
                       gone_url=url_for("photos.gallery", family_id=family_id))


@bp.route("/<int:photo_id>/caption", methods=["GET", "POST"])
@per_person("PHOTO_UPLOAD_LIMIT_PER_PERSON")
def caption(family_id: int, photo_id: int):
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    if not captions.may_change_caption(item, scope):
        abort(403)
    form = CaptionForm()
    if request.method == "GET":
        start = captions.starting_point(item, scope)
        form.caption.data, form.version.data = start.caption, start.version
    conflict = None
    if form.validate_on_submit():
        try:
            saved = captions.change_caption(item, scope, form.caption.data or "",
                                            form.version.data or "")
        except captions.CaptionConflict as changed:
            # Both side by side; the form keeps their words and now carries the new version,
            # so "Save mine instead" saves over what is there now.
            conflict = changed.start
            form.version.data = conflict.version
            form.submit.label.text = _("Save mine instead")
        except moderation.NotAllowed:
            flash(_("This photo has changed since you opened the page. Here is how it is now."),
                  "info")
            return redirect(url_for("photos.gallery", family_id=family_id), code=303)
        else:
            if saved.waiting:
                flash(_("The caption is saved. Your caseworker will read it before the family "
                        "sees it."), "success")
            elif saved.taken_back:
                flash(_("Your waiting caption is taken back. The family sees the caption as "
                        "it was."), "success")
            elif saved.changed:
                flash(_("The caption is saved."), "success")
            return redirect(_item_url(family_id, item), code=303)
    return render_template("photos/caption.html", photo=item, form=form,
                           conflict=conflict), 409 if conflict else 200


@bp.route("/<int:photo_id>/captions/<int:edit_id>/withdraw", methods=["POST"])
def withdraw_caption(family_id: int, photo_id: int, edit_id: int):
    """The author takes back their new caption that waits for review."""
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    change = captions.waiting_for(scope, edit_id)
    if (change is None or change.item_id != item.id
            or change.author_id != scope.membership.user_id or not change.is_pending):
        abort(404)
    if EmptyForm().validate_on_submit():
        _apply(lambda _item, scope_: moderation.withdraw(change, scope_), item, scope,
               message=_("Your new caption is taken back. The family sees the caption as it "
                         "was."))
    return redirect(_item_url(family_id, item), code=303)


@bp.route("/<int:photo_id>/display")
@part_of_a_page
def display(family_id: int, photo_id: int):
    return _image(family_id, photo_id, "display")


@bp.route("/<int:photo_id>/thumb")
@part_of_a_page
def thumb(family_id: int, photo_id: int):
    return _image(family_id, photo_id, "thumb")


@bp.route("/<int:photo_id>/download")  # saving a copy is an act of its own: recorded
def download(family_id: int, photo_id: int):
    return _image(family_id, photo_id, "display", attachment=True)


def _image(family_id: int, photo_id: int, which: str, attachment: bool = False):
    """The image bytes, only after the same checks as the page.

    `no-store`, like every page (app/security.py): these are children's photos, often on a
    shared phone, and a copy in its cache outlives "Sign out". So there is no ETag either:
    with nothing kept there is nothing to ask about, and the storage key stays on the server.
    """
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    response = make_response()
    response.headers["X-Content-Type-Options"] = "nosniff"
    if attachment:
        response.headers["Content-Disposition"] = f'attachment; filename="photo-{item.id}.jpg"'
    try:
        response.set_data(services.read_rendition(item, which))
    except MissingFile:
        # An operations problem (a file lost in a restore), not the reader's: say "not found"
        # like any image that is not there, and leave the staff a line to act on.
        current_app.logger.error("photo %s: the stored %s file is missing", item.id, which)
        abort(404)
    response.mimetype = item.content_type
    return response


@bp.route("/<int:photo_id>/approve", methods=["POST"])
def approve(family_id: int, photo_id: int):
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    if not scope.is_caseworker:
        abort(403)  # they see the photo; moderating it is not theirs (docs/security.md)
    if EmptyForm().validate_on_submit():
        # The version read on the page, when it sends one: a caption changed since is not
        # approved unread.
        seen = request.form.get("seen", type=int)
        _apply(lambda photo, scope_: services.approve(photo, scope_, seen), item, scope,
               message=_("The photo is shared with the family."))
    return _back(family_id, item)


@bp.route("/<int:photo_id>/withdraw", methods=["GET", "POST"])
def withdraw(family_id: int, photo_id: int):
    """Taking a photo back cannot be undone, so the author is asked once more."""
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    if item.author_id != scope.membership.user_id:
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        _apply(services.withdraw, item, scope,
               message=_("You took back the photo. Others no longer see it."))
        return redirect(url_for("photos.gallery", family_id=family_id), code=303)
    return render_template("photos/withdraw.html", form=form, item=item,
                           back_url=_next_url(family_id, item))


@bp.route("/<int:photo_id>/decline", methods=["GET", "POST"])
def decline(family_id: int, photo_id: int):
    return _with_reason(
        family_id, photo_id, services.decline,
        heading=_("Do not share this photo"),
        done=_("The photo is not shared. The person who shared it sees your reason."),
    )


@bp.route("/<int:photo_id>/hide", methods=["GET", "POST"])
def hide(family_id: int, photo_id: int):
    return _with_reason(
        family_id, photo_id, services.hide,
        heading=_("Hide this photo"),
        done=_("The photo is hidden. The person who shared it sees your reason."),
    )


def _with_reason(family_id: int, photo_id: int, action, *, heading: str, done: str):
    scope = family_scope(family_id)
    item = _photo_or_404(scope, photo_id)
    if not scope.is_caseworker:
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit():
        _apply(action, item, scope, form.reason.data, message=done)
        return redirect(_next_url(family_id, item), code=303)
    return render_template("photos/reason.html", form=form, heading=heading,
                           item=item, back_url=_next_url(family_id, item))


def _shown_name(filename: str) -> str:
    """The file's own name, to say which one was refused: no folders, not a paragraph."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if len(name) <= 60 else f"{name[:57]}…"


def _photo_or_404(scope, photo_id: int):
    item = services.photo_for(scope, photo_id)
    if item is None:
        abort(404)
    return item


def _apply(action, item, scope, *args, message: str) -> None:
    try:
        action(item, scope, *args)
    except moderation.NotAllowed:
        flash(_("This photo has changed since you opened the page. Here is how it is now."),
              "info")
    else:
        flash(message, "success")


def _item_url(family_id: int, item) -> str:
    return url_for("photos.photo", family_id=family_id, photo_id=item.id)


def _next_url(family_id: int, item) -> str:
    """Back where the button was: the gallery or the photo's page (only these two URLs)."""
    gallery_url, item_url = url_for("photos.gallery", family_id=family_id), _item_url(
        family_id, item)
    wanted = request.values.get("next", "")
    return wanted if wanted in (gallery_url, item_url) else item_url


def _back(family_id: int, item):
    return redirect(_next_url(family_id, item), code=303)


@bp.app_template_global()
def photo_alt(item) -> str:
    """Alt text: the caption, or who shared it and when."""
    return item.caption or _(
        "Photo shared by %(name)s on %(date)s", name=item.author.name,
        date=format_date(item.created_at),
    )


@bp.app_template_global()
def photo_moderation_urls(item) -> dict[str, str]:
    ids = {"family_id": item.family_id, "photo_id": item.id}
    return {action: url_for(f"photos.{action}", **ids)
            for action in ("approve", "decline", "hide", "withdraw")}


@bp.app_template_global()
def photos_home_section(scope):
    return services.home_section(scope)


@bp.app_template_global()
def photo_sharer(scope) -> bool:
    return services.may_share(scope)


@bp.app_template_global()
def photo_caption_editable(item, scope) -> bool:
    return captions.may_change_caption(item, scope)
