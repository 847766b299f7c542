"""Entry point in a checkout, for `flask --app wsgi` and `gunicorn wsgi:app` (see app/wsgi.py)."""

from app.wsgi import app

__all__ = ["app"]
