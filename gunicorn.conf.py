"""gunicorn reads this file from the directory it starts in: settings every deployment needs.

Command-line flags (workers, bind) still apply on top of it.
"""

from app.log_redaction import gunicorn_logger_class

# Invitation codes arrive in a URL once (/join/<code>): the access log must not keep them.
logger_class = gunicorn_logger_class()
