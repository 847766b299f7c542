"""The email channel: a plain-text email through the SMTP server the settings name.

It knows nothing of families: it gets an address, a language, a subject, lines and links, and
sends them. Every email carries a one-click unsubscribe (RFC 8058: `List-Unsubscribe` with an
https link and `List-Unsubscribe-Post`), and nothing of what people shared: a sentence and a
link to Hearth, where the rest stays behind sign-in.

With no MAIL_SERVER set (a laptop running `make run`), the email is written to the log instead,
so a developer sees where it would go and what it says.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger("hearth.notifications")


@dataclass(frozen=True)
class Email:
    to: str
    language: str  # a BCP 47 tag, for Content-Language
    subject: str
    body: str
    unsubscribe_url: str


class SendFailed(Exception):
    """The server refused or could not be reached; the worker tries again later."""


def compose(email: Email) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2].strip(">")
                                       or None)
    message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    message.set_content(email.body)
    message["Content-Language"] = email.language  # after set_content, which drops Content-*
    return message


def send(email: Email) -> None:
    """Send one email on a connection of its own."""
    with Mailer() as mailer:
        mailer.send(email)


class Mailer:
    """One SMTP connection for the emails of a worker's pass, opened at the first email.

    A new connection per email (TCP, EHLO, STARTTLS, sign-in) cost more than the email itself.
    After an error the connection is closed; the next email opens a new one.
    """

    def __enter__(self) -> "Mailer":
        self.server = None
        return self

    def __exit__(self, *exc) -> None:
        self._close(quit=True)

    def send(self, email: Email) -> None:
        config = current_app.config
        message = compose(email)
        if not config["MAIL_SERVER"]:
            log.info("No MAIL_SERVER set: this email to %s is not sent.\n%s", email.to,
                     message.as_string())
            return
        try:
            if self.server is None:
                self.server = _connect(config)
            self.server.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            self._close(quit=False)
            # The reason, for admins: the server's code or the kind of failure, never the email.
            raise SendFailed(_reason(error)) from error

    def _close(self, *, quit: bool) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        try:
            server.quit() if quit else server.close()
        except (OSError, smtplib.SMTPException):
            server.close()


def _connect(config) -> smtplib.SMTP:
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"],
                                  timeout=config["MAIL_TIMEOUT"],
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                              timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            server.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        server.close()
        raise
    return server


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the address was refused"
    return type(error).__name__

