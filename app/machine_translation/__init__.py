"""Machine translation of what people wrote: "Show in español" under each text, when the agency
runs a translation service (docs/machine-translation.md)."""

from flask import Blueprint

bp = Blueprint("machine_translation", __name__,
               url_prefix="/families/<int:family_id>/translations")


@bp.record_once
def _template_helper(state) -> None:
    from app.machine_translation.routes import translation_control

    # `{{ translation_control("message", message) }}` under a text a page shows: the button
    # (or nothing, when it is not offered to this reader).
    state.app.jinja_env.globals["translation_control"] = translation_control


from app.machine_translation import routes  # noqa: E402, F401
