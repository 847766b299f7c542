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
