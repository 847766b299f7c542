"""One view answers both a full page and an htmx fragment; these helpers keep that honest."""

from flask import make_response, render_template, request


def is_htmx_fragment_request() -> bool:
    """True for htmx requests that want a piece of a page (boosted links want the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(page_template: str, fragment_template: str, **context):
    """Render the fragment for htmx, the page otherwise, and tell caches it depends on that."""
    template = fragment_template if is_htmx_fragment_request() else page_template
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response
