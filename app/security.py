"""Headers every response carries: a strict content security policy and friends."""

from flask import current_app, request

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
    if request.endpoint != "static":
        # Family pages and photos must not sit in any cache, nor in the back-forward cache, of
        # a shared phone; sign-out also clears what the browser kept (app/sessions.py).
        headers["Cache-Control"] = "no-store"
    return response

