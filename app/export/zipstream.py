"""A ZIP written as it is sent: the standard library's `zipfile`, writing into a small sink
that the response drains after every piece.

`zipfile` writes to a stream it cannot seek by putting each file's sizes and checksum after
its bytes (a "data descriptor"), so nothing has to be known, or held, before a file starts.
At any moment the sink holds at most one chunk of one file (plus the central directory at
the end, about 100 bytes a file). The `zipstream-ng` package would do the same; the standard
library is enough, and nothing has to be installed.
"""

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime

# JPEGs are compressed already: deflating them again costs time and saves nothing.
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class _Sink:
    """A write-only stream that keeps what was written until it is drained."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        if self._parts:
            data = b"".join(self._parts)
            self._parts.clear()
            yield data


def zip_chunks(files: Iterable[tuple[str, Iterable[bytes]]], when: datetime) -> Iterator[bytes]:
    """The bytes of a ZIP holding `files` ((name, chunks of its content)), piece by piece.

    `files` is read lazily, and each file's chunks too: the caller can query its rows and
    read stored photos only when the ZIP reaches them.
    """
    sink = _Sink()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(sink, mode="w") as archive:
        for name, chunks in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = (zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES)
                                  else zipfile.ZIP_DEFLATED)
            with archive.open(info, mode="w") as member:
                for chunk in chunks:
                    member.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()  # the central directory, written on close
