"""The export's one choice: leave out the resource parent's private details (the default)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class ExportForm(FlaskForm):
    leave_out_private = BooleanField(
        _l("Leave out the resource parent's private details"),
        default=True,
        description=_l("Their address and phone. Leave this on unless the download must "
                       "have them, for example for a court."),
    )
    submit = SubmitField(_l("Download the ZIP file"))
