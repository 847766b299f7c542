"""Where photo renditions live: a small interface, a local folder by default.

Features call `get_storage()` and never build paths, so an S3-compatible store can be added as
one more class chosen in `init_app` from config, without touching the feature. Keys are random
(`new_key`), never derived from ids or names, so nobody can guess another family's file.
"""

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app

_KEY = re.compile(r"[0-9a-f]{32}")


def new_key() -> str:
    return secrets.token_hex(16)


class MissingFile(LookupError):
    """The database names a file the store does not hold (lost in a restore or a copy)."""


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def open(self, key: str) -> BinaryIO: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files in one folder, named by their key (fanned out by the first two characters)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        # Only keys we made: nothing from outside can point this at another path.
        if not _KEY.fullmatch(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise MissingFile(key) from None

    def open(self, key: str) -> BinaryIO:
        """The file to read in pieces (an export sends thousands without holding one whole)."""
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def init_app(app) -> None:
    """Choose the store from config (PHOTO_STORAGE: "local"; others can be added here)."""
    kind = app.config["PHOTO_STORAGE"]
    if kind != "local":
        raise RuntimeError(f"PHOTO_STORAGE={kind!r} is not a known kind of storage.")
    root = app.config["PHOTO_STORAGE_DIR"] or str(Path(app.instance_path) / "photos")
    app.extensions["hearth_storage"] = LocalStorage(root)


def get_storage() -> Storage:
    return current_app.extensions["hearth_storage"]
