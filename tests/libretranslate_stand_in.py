"""A stand-in for the agency's LibreTranslate, for tests: a real HTTP server on 127.0.0.1, in a
thread, that answers `POST /translate` as LibreTranslate does ({q, source, target, format,
api_key} in, {"translatedText": ...} out, {"error": ...} with 400 or 403).

It is NOT a translator. It knows a few phrase pairs (PHRASES) and answers any other text with
"[<target>] <text>", so a test can tell its words from the original. It writes down every
request it receives (`received`), so a test can check what Hearth sent, and what it never sent.
Other behaviours: `delay` (seconds before answering: the slow service), `answer` (raw bytes
instead of a translation: garbage), `api_key` (required when set), `redirect_to` (answers
307 to that address: a service that would send the words on).
"""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (source, target) -> {text: translation}. Real sentences of the kind families write.
PHRASES = {
    ("en", "es"): {
        "Mia is allergic to peanuts.": "Mia es alérgica al maní.",
        "See you at family time on Saturday.": "Nos vemos en el tiempo en familia el sábado.",
        "School play": "Obra de teatro escolar",
        "Bring her blue jacket.": "Trae su chaqueta azul.",
    },
    ("es", "en"): {
        "Mia durmió bien anoche.": "Mia slept well last night.",
    },
    ("en", "vi"): {
        "Mia is allergic to peanuts.": "Mia bị dị ứng đậu phộng.",
    },
}


class StandIn:
    def __init__(self, *, delay: float = 0.0, answer: bytes | None = None,
                 api_key: str = "", redirect_to: str = ""):
        self.delay, self.answer, self.api_key = delay, answer, api_key
        self.redirect_to = redirect_to
        self.received: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stand_in.received.append(body)
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                if stand_in.redirect_to:
                    self.send_response(307)
                    self.send_header("Location", stand_in.redirect_to + "/translate")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if self.path != "/translate":
                    return self._send(404, {"error": "Not found"})
                if stand_in.api_key and body.get("api_key") != stand_in.api_key:
                    return self._send(403, {"error": "Invalid API key"})
                if stand_in.answer is not None:
                    return self._send_raw(200, stand_in.answer)
                pairs = PHRASES.get((body.get("source"), body.get("target")), {})
                text = body.get("q", "")
                translated = pairs.get(text, f"[{body.get('target')}] {text}")
                return self._send(200, {"translatedText": translated})

            def _send(self, status, payload):
                self._send_raw(status, json.dumps(payload).encode())

            def _send_raw(self, status, raw):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the slow service's test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # shutdown() waits for serve_forever's next look at its flag: every 0.5 s by default,
        # which was half a second of every test that used the stand-in.
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def texts(self) -> list[str]:
        return [body.get("q", "") for body in self.received]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def address_nobody_answers() -> str:
    """An address on this machine where no server listens (the service that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
