"""gunicorn reads this file from the directory it starts in. The settings live in the package
(app/gunicorn_conf.py), so an installed wheel has them too: `-c python:app.gunicorn_conf`."""

from app.gunicorn_conf import accesslog, errorlog, logger_class  # noqa: F401
