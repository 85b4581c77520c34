"""Atomic writes: a crash leaves the old file or none, never half of one; an unchanged file
is left alone."""

from __future__ import annotations

import os

import pytest

from planbook.base.files import atomic_path, atomic_write_bytes, make_if_changed, write_if_changed


def test_a_crash_while_writing_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(path) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("killed")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.json"]


def test_an_unchanged_file_keeps_its_bytes_and_its_time(tmp_path):
    path = atomic_write_bytes(tmp_path / "sub" / "a.csv", b"x")
    os.utime(path, ns=(1, 1))
    assert not write_if_changed(path, b"x") and path.stat().st_mtime_ns == 1
    assert write_if_changed(path, b"y") and path.read_bytes() == b"y"


def test_a_made_file_replaces_the_old_one_only_when_it_differs(tmp_path):
    path = tmp_path / "a.xlsx"
    assert make_if_changed(path, lambda p: p.write_bytes(b"1"))
    os.utime(path, ns=(1, 1))
    assert not make_if_changed(path, lambda p: p.write_bytes(b"1")) and path.stat().st_mtime_ns == 1
    assert make_if_changed(path, lambda p: p.write_bytes(b"2")) and path.read_bytes() == b"2"
    with pytest.raises(ValueError):
        make_if_changed(path, lambda p: (_ for _ in ()).throw(ValueError("bad")))
    assert path.read_bytes() == b"2" and os.listdir(tmp_path) == ["a.xlsx"]
