"""The machine-translation service the agency runs, spoken to over LibreTranslate's HTTP API.

One call: `POST <MACHINE_TRANSLATION_URL>/translate` with a JSON body {q, source, target,
format: "text", api_key (when set)}; the answer is {"translatedText": "..."}
(docs/machine-translation.md). Nothing else is asked of the service, and nothing but the one
text and its two language codes is sent.

The text leaves Hearth for that address only: no proxy from the environment is used, and a
redirect is refused rather than followed (a 307 would send the same words somewhere else).
Whatever goes wrong (refused, down, slow, an error status, an answer that is not a
translation) raises `Unavailable`, and is logged with what happened, never with the text.
"""

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app

logger = logging.getLogger("hearth.machine_translation")

# A translation is about as long as its text; an answer far longer is not one.
MAX_ANSWER_BYTES = 256 * 1024


class Unavailable(Exception):
    """No usable translation came back; the message says why (never the text)."""


def is_on() -> bool:
    """A service is configured (an http or https address). Off: no button anywhere."""
    url = current_app.config.get("MACHINE_TRANSLATION_URL") or ""
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).netloc)


def service_code(locale: str) -> str | None:
    """The service's code for one of Hearth's languages ("zh_Hans" -> "zh"); None when the
    agency's service does not translate it."""
    return (current_app.config.get("MACHINE_TRANSLATION_LANGUAGES") or {}).get(locale)


def translate(text: str, *, source: str, target: str) -> str:
    """`text` in the `target` language. `source` is the service's code, or "auto"."""
    if not is_on():
        raise Unavailable("off")
    config = current_app.config
    body = {"q": text, "source": source, "target": target, "format": "text"}
    if config.get("MACHINE_TRANSLATION_API_KEY"):
        body["api_key"] = config["MACHINE_TRANSLATION_API_KEY"]
    # is_on(): an http or https address, never file: or another scheme.
    request = urllib.request.Request(  # noqa: S310
        config["MACHINE_TRANSLATION_URL"].rstrip("/") + "/translate",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=float(config["MACHINE_TRANSLATION_TIMEOUT"])) as answer:
            raw = answer.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        error.close()  # it holds the answer's connection
        raise _failed("status", target, status=error.code) from None
    except TimeoutError:
        raise _failed("timeout", target) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        kind = "timeout" if isinstance(reason, TimeoutError) else "unreachable"
        raise _failed(kind, target, error=type(reason).__name__) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise _failed("too_long", target)
    return _translated_text(raw, text, target)


def _translated_text(raw: bytes, text: str, target: str) -> str:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _failed("not_json", target) from None
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str) or not translated.strip():
        raise _failed("no_translation", target)
    if len(translated) > 10 * len(text) + 200:
        raise _failed("too_long", target)
    return translated.strip()


def _failed(what: str, target: str, **detail) -> Unavailable:
    """Log one line (what happened, the language asked for: never the text) and say so."""
    fields = " ".join(f"{key}={value}" for key, value in detail.items())
    logger.warning("machine translation failed: %s target=%s %s", what, target, fields)
    return Unavailable(what)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is for us: the words go to one address only."""

    def redirect_request(self, *args, **kwargs):
        return None


# No ProxyHandler from the environment: an HTTP(S)_PROXY set for other traffic must not carry
# families' words through a third machine.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _RefuseRedirects)
