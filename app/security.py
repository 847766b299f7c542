"""Headers every response carries: a strict content security policy and friends."""

from flask import current_app, g, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app) -> None:
    app.after_request(add_security_headers)


def security_headers(config) -> list[tuple[str, str]]:
    """The headers every answer carries, from the app or from before it (the quick poll)."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        # same-origin, not no-referrer: Flask-WTF checks the Referer on HTTPS form posts.
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "geolocation=(), microphone=(), camera=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if config.get("HSTS"):
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return headers


def add_security_headers(response):
    headers = response.headers
    for name, value in security_headers(current_app.config):
        headers.setdefault(name, value)
    if request.endpoint != "static" and not g.get("private_caching"):
        # Family pages must not sit in shared caches or the back-forward cache of a shared phone.
        headers["Cache-Control"] = "no-store"
    return response


def allow_private_caching(response) -> None:
    """Let this one response (a photo's bytes) sit in the person's own browser cache.

    Only after the access check: `private` keeps it out of shared caches, and the page that
    shows it stays `no-store` as every family page does. With PHOTO_CACHE_SECONDS = 0 (the
    default) the browser asks before each use of its copy, so after "Sign out" on a shared
    phone, a pause or a hide, the copy is not shown again; the answer is a bodiless 304
    (ETag) for those who may still see it.
    """
    g.private_caching = True
    seconds = int(current_app.config["PHOTO_CACHE_SECONDS"])
    response.headers["Cache-Control"] = (
        f"private, max-age={seconds}" if seconds > 0 else "private, no-cache"
    )
