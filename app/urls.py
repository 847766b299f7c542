"""Safe redirects: only to paths on this site."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None, default_endpoint: str = "families.home") -> str:
    if target:
        parts = urlsplit(target)
        # "///evil.example" has no netloc for urlsplit, but browsers go to evil.example.
        local_path = target.startswith("/") and not target.startswith("//")
        if not parts.scheme and not parts.netloc and local_path and "\\" not in target:
            return target
    return url_for(default_endpoint)


def public_url(endpoint: str, **values) -> str:
    """An absolute address of a page, for what is read away from the site (an email), made
    outside any request (the notifications worker): from the PUBLIC_URL setting."""
    from flask import current_app

    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
