"""The notification settings form: a choice per group and channel, quiet hours, the summary."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SubmitField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from app.models.notifications import Channel, Group, Mode

GROUP_LABELS = {
    Group.MESSAGES: _l("New messages"),
    Group.SHARED: _l("New photos, events and “About me” changes"),
    Group.FAMILY_TIME: _l("Family time added or approved"),
    Group.ANSWERS: _l("Answers from your caseworker"),
    Group.REVIEW: _l("Things that wait for your review"),
    Group.REMINDERS: _l("Reminders of family time and events"),
}
MODE_LABELS = {
    Mode.INSTANT: _l("When it happens"),
    Mode.SUMMARY: _l("Once a day, in a summary"),
    # Its own context: "Never" also says when someone last signed in ("not yet"), a
    # different word in several languages.
    Mode.OFF: lazy_pgettext("how often Hearth tells you", "Never"),
}
CHANNEL_LABELS = {Channel.EMAIL: _l("Email")}


def field_name(group: Group, channel: Channel) -> str:
    return f"{channel}_{group}"


def settings_form(groups, channels, **kwargs) -> FlaskForm:
    """The form for this person: one question per group they are offered, per channel."""

    class SettingsForm(FlaskForm):
        quiet_hours = BooleanField(
            _l("Quiet hours: nothing pings me at night"),
            description=_l("What arrives then waits until quiet hours end."))
        quiet_start = TimeField(_l("Quiet from"), validators=[InputRequired()])
        quiet_end = TimeField(_l("Quiet until"), validators=[InputRequired()])
        summary_at = TimeField(_l("Send the daily summary at"), validators=[InputRequired()])
        summary_only = BooleanField(
            _l("Never ping me: everything in the daily summary"))
        show_details = BooleanField(
            _l("Show who and what in email subjects"),
            description=_l("When this is off, emails say only “Something new in Hearth”. "
                           "Anyone who sees your phone's screen could read who and what."))
        submit = SubmitField(_l("Save"))

    for channel in channels:
        for group in groups:
            setattr(SettingsForm, field_name(group, channel), RadioField(
                GROUP_LABELS[group],
                choices=[SelectChoice(mode.value, MODE_LABELS[mode]) for mode in Mode],
                validators=[InputRequired()]))
    return SettingsForm(**kwargs)
