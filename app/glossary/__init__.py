"""The glossary: child-welfare words explained in the reader's language, and gentle hints
about words that hurt or confuse."""

from flask import Blueprint

bp = Blueprint("glossary", __name__, cli_group="glossary")


@bp.record_once
def _template_filters(state) -> None:
    # Event notes and "about me" texts (other blueprints) are explained with this filter.
    from app.glossary.services import explained

    state.app.add_template_filter(explained, "explained")


from app.glossary import cli, routes  # noqa: E402, F401
