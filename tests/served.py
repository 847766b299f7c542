"""A request as a server makes it, for tests written before the shared client does this.

The `app` fixture holds one application context for the whole test, and Flask reuses a held
context for each request: the request's database session then outlives the request, and a
streamed body read later still finds its rows. gunicorn holds nothing: the session is closed
when the view returns, before the body is read. `served` runs the request in an empty
`contextvars.Context` (no application context held) and reads the body whole there, as
gunicorn does.
"""

import contextvars


def served(client, url: str, method: str = "GET", **kwargs):
    return contextvars.Context().run(client.open, url, method=method, buffered=True, **kwargs)
