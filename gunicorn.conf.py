"""gunicorn reads this file from the directory it starts in: settings every deployment needs.

Command-line flags (workers, bind) still apply on top of it.
"""

from app.log_redaction import gunicorn_logger_class

# Invitation codes arrive in a URL once (/join/<code>): the access log must not keep them.
# The same class writes gunicorn's own lines as JSON with a UTC time, like the app's.
logger_class = gunicorn_logger_class()

# Two streams a collector can tell apart (docs/security.md, "Logs"): access lines on stdout,
# application and gunicorn lines (JSON, UTC ISO 8601 times) on stderr.
accesslog = "-"
errorlog = "-"
