"""The instance key of a local run (instance/secret_key): created readable by its owner only,
from the first moment, and never half-written (docs/security.md, "Keys"; ASVS 13.3.2)."""

import os
import stat
from pathlib import Path

from app import config


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_key_file_is_made_once_with_mode_0600(tmp_path):
    old = os.umask(0)  # the most open umask: the mode must come from the creation itself
    try:
        first = config._secret_key_file(tmp_path)
    finally:
        os.umask(old)
    assert len(first) == 64 and int(first, 16) >= 0
    assert mode_of(tmp_path / "secret_key") == 0o600
    assert config._secret_key_file(tmp_path) == first  # read again, not replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]  # no temporary left


def test_the_key_file_is_never_open_to_others_even_where_chmod_fails(tmp_path, monkeypatch):
    """A key written first and closed down after (write, then chmod) is readable by others in
    between, and stays so when the chmod fails (some mounted volumes refuse it)."""
    def refuse(*args, **kwargs):
        raise PermissionError("chmod is not allowed here")

    monkeypatch.setattr(os, "chmod", refuse)
    monkeypatch.setattr(Path, "chmod", refuse)
    old = os.umask(0o022)
    try:
        key = config._secret_key_file(tmp_path)
    finally:
        os.umask(old)
    assert len(key) == 64
    assert mode_of(tmp_path / "secret_key") == 0o600


def test_a_key_another_worker_published_first_is_kept(tmp_path, monkeypatch):
    """Two workers starting at once: the second one's key does not replace the first's."""
    real_link = os.link

    def first_worker_wins(source, target, *args, **kwargs):
        Path(target).write_text("a" * 64)  # the other worker, a moment earlier
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", first_worker_wins)
    assert config._secret_key_file(tmp_path) == "a" * 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]
