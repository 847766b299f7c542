"""gunicorn's settings for every deployment, inside the package so an installed wheel has them:
`gunicorn -c python:app.gunicorn_conf …`. (In a checkout, gunicorn.conf.py reads this file, so
gunicorn started in the project folder gets the same.) Command-line flags still apply on top.
"""

from app.log_redaction import gunicorn_logger_class

# Invitation codes arrive in a URL once (/join/<code>): the access log must not keep them.
# The same class writes gunicorn's own lines as JSON with a UTC time, like the app's.
logger_class = gunicorn_logger_class()

# Two streams a collector can tell apart (docs/security.md, section 13): access lines on
# stdout, application and gunicorn lines (JSON, UTC ISO 8601 times) on stderr.
accesslog = "-"
errorlog = "-"
