"""Two packages can ship a font file of the same name (Debian's fonts-liberation 1.x, whose
Times twin lacks Vietnamese letters, beside fonts-liberation2): the papers use the one that
writes Vietnamese, not whichever folder was read first, nor a wider fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.documents.fonts import candidates, font_dirs

FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)


def test_the_copy_that_writes_vietnamese_is_chosen(tmp_path):
    good = next(
        (f for f in candidates() if f.family == "Liberation Serif"),
        None,
    )
    if good is None:
        pytest.skip(reason="Liberation Serif (fonts-liberation2) is not installed")
    first, second = tmp_path / "a-old", tmp_path / "b-new"
    first.mkdir()
    second.mkdir()
    for name in FILES:
        (first / name).write_bytes(b"\0\1\0\0 not a Vietnamese font")  # read first, unusable
        shutil.copy(Path(good.regular).parent / name, second / name)
    chosen = next(f for f in candidates([first, second]) if f.family == "Liberation Serif")
    assert chosen.regular == second / "LiberationSerif-Regular.ttf"
    assert chosen.bold_italic == second / "LiberationSerif-BoldItalic.ttf"
    assert font_dirs()  # the PC's own folders are still what is read by default
