"""The local photo store: random keys, whole files, and no path from outside."""

import pytest

from app.storage import LocalStorage, get_storage, new_key


def test_save_read_exists_delete(tmp_path):
    store = LocalStorage(tmp_path)
    key = new_key()
    store.save(key, b"pixels")
    assert store.exists(key) and store.read(key) == b"pixels"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [key]  # no temp file left
    with store.open(key) as file:
        assert file.read(3) == b"pix" and file.read() == b"els"  # read in pieces
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting twice is fine


def test_keys_are_random_and_nothing_else_is_a_key(tmp_path):
    store = LocalStorage(tmp_path)
    assert len({new_key() for _ in range(1000)}) == 1000
    for bad in ("../secret_key", "/etc/passwd", "ABCDEF" * 6, "", new_key() + "/x"):
        with pytest.raises(ValueError):
            store.read(bad)
        with pytest.raises(ValueError):
            store.open(bad)


def test_the_app_stores_where_config_says(app, tmp_path):
    assert get_storage().root == tmp_path / "photos"


def test_an_unknown_kind_of_storage_stops_the_app(make_app):
    with pytest.raises(RuntimeError, match="PHOTO_STORAGE"):
        make_app(PHOTO_STORAGE="s3")
