"""Bundles made by an earlier release still import (docs/bundle-format.md).

``tests/data/bundles/v1`` was made by ``make_bundles.py`` with the release before format
1.1 (program 0.1.0): two bundles and the stores of the offices they were sent to. Every later
release must open those stores (migrating them) and import the bundles with the same result.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from sync_fixtures import initiative_by_title

from desktop.services.registry import Services
from desktop.services.store import open_store

DATA = Path(__file__).parents[1] / "data" / "bundles"
RELEASES = sorted(p.name for p in DATA.iterdir() if (p / "expected.json").is_file())


def _store(release: str, name: str, tmp: Path) -> Services:
    db = tmp / name
    with gzip.open(DATA / release / f"{name}.gz", "rb") as src, db.open("wb") as dest:
        shutil.copyfileobj(src, dest)
    return Services.over(open_store(str(db)))


@pytest.mark.parametrize("release", RELEASES)
def test_bundles_of_an_earlier_release_still_import(release, tmp_path):  # type: ignore[no-untyped-def]
    expected = json.loads((DATA / release / "expected.json").read_text(encoding="utf-8"))
    province = _store(release, "province.db", tmp_path)
    district = _store(release, "district.db", tmp_path)
    try:
        up = province.bundles.import_(DATA / release / "district-to-province.ssk")
        assert up.totals == expected["district-to-province.ssk"]["totals"]
        assert initiative_by_title(province, expected["title"]) is not None
        again = province.bundles.import_(DATA / release / "district-to-province.ssk")
        assert again.already_imported
        down = district.bundles.import_(DATA / release / "province-to-district.ssk")
        assert down.totals == expected["province-to-district.ssk"]["totals"]
    finally:
        province.store.close()
        district.store.close()


def test_there_is_a_fixture_release():
    assert "v1" in RELEASES
