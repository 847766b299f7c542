"""The upload form (one or several photos from the phone, one caption for them all), and the
form that gives one photo its own caption afterwards."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError


class UploadForm(FlaskForm):
    photos = MultipleFileField(
        _l("Photos"),
        render_kw={"accept": "image/*", "multiple": True},
    )
    # One caption for the whole upload: a caption per photo needs the files listed before
    # sending, which a plain form cannot do. Each photo's page then lets its author change it.
    caption = TextAreaField(
        _l("Caption (optional)"),
        validators=[Length(max=500)],
        description=_l("A few words about the photo, for everyone in the family."),
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Share"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_files = current_app.config["PHOTO_MAX_FILES"]
        self.photos.description = _l(
            "Take a photo or choose up to %(count)s from your phone.", count=self.max_files
        )

    @property
    def files(self) -> list:
        """The files actually sent (a form sent with none still carries one empty part)."""
        return [f for f in (self.photos.data or []) if f and f.filename]

    def validate_photos(self, field) -> None:
        if not self.files:
            raise ValidationError(_l("Choose at least one photo."))
        if len(self.files) > self.max_files:
            raise ValidationError(
                _l("You can share up to %(count)s photos at a time.", count=self.max_files)
            )


class CaptionForm(FlaskForm):
    caption = TextAreaField(
        _l("Caption (optional)"),
        validators=[Length(max=500)],
        description=_l("A few words about this photo, for everyone in the family."),
        render_kw={"rows": 3},
    )
    # The version the form was opened on (app/photos/captions.py).
    version = HiddenField()
    submit = SubmitField(_l("Save caption"))
