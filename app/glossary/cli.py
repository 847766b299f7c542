"""`flask glossary load`: the reviewed data files into the database."""

import click
from flask import current_app

from app.glossary import bp
from app.glossary.loading import GlossaryDataError, load_files


@bp.cli.command("load")
@click.option("--replace", is_flag=True,
              help="Also overwrite terms an admin edited in the portal with the file's words.")
def load(replace: bool) -> None:
    """Load app/data/glossary.toml and words-to-avoid.toml: add what is missing, update what
    changed, keep terms edited in the portal (unless --replace)."""
    from app.glossary.cache import forget_checked_version

    try:
        terms, words = load_files(list(current_app.config["LANGUAGES"]), replace=replace)
    except (GlossaryDataError, ValueError) as error:  # tomllib's errors are ValueErrors
        raise click.ClickException(f"The glossary was not loaded: {error}") from None
    forget_checked_version()
    click.echo(terms.summary("Glossary terms"))
    click.echo(words.summary("Words to avoid"))
