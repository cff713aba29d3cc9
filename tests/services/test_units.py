"""The unit hierarchy: created, renamed, moved, merged with history kept; found without accents."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import UnitEventKind, UnitKind
from desktop.services.common import ServiceError


@pytest.fixture
def tree(services):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    a = u.create(
        "LC-PT",
        "Liên đoàn Lao động huyện Phong Thổ",
        UnitKind.DISTRICT,
        province.id,
        short_name="LĐLĐ huyện Phong Thổ",
    )
    b = u.create("LC-SH", "Liên đoàn Lao động huyện Sìn Hồ", UnitKind.DISTRICT, province.id)
    g = u.create("LC-SH-01", "Công đoàn cơ sở Trường Tiểu học Sìn Hồ", UnitKind.GRASSROOTS, b.id)
    return province, a, b, g


def test_units_are_listed_in_vietnamese_order(services, tree):
    names = [u.name for u in services.units.list(kinds=[UnitKind.DISTRICT])]
    assert names == ["Liên đoàn Lao động huyện Phong Thổ", "Liên đoàn Lao động huyện Sìn Hồ"]


def test_search_ignores_diacritics_case_and_word_order(services, tree):
    found = [u.code for u in services.units.search("sin ho tieu hoc")]
    assert found == ["LC-SH-01"]
    assert [u.code for u in services.units.search("PHONG THO")] == ["LC-PT"]
    assert services.units.find("lđlđ huyện phong thổ").code == "LC-PT"


def test_duplicate_code_is_refused(services, tree):
    with pytest.raises(ServiceError, match="đã có"):
        services.units.create("LC-PT", "Trùng mã", UnitKind.DISTRICT)


def test_rename_keeps_the_old_name_in_history(services, tree):
    _, a, _, _ = tree
    services.units.rename(a.id, "Liên đoàn Lao động thị xã Phong Thổ", dt.date(2025, 7, 1))
    assert services.units.get(a.id).name == "Liên đoàn Lao động thị xã Phong Thổ"
    history = services.units.history(a.id)
    assert [e.kind for e in history] == [UnitEventKind.CREATE, UnitEventKind.RENAME]
    assert history[-1].old_name == "Liên đoàn Lao động huyện Phong Thổ"


def test_merge_moves_children_and_closes_the_merged_unit(services, tree):
    _, a, b, g = tree
    services.units.merge([b.id], a.id, dt.date(2025, 7, 1))
    assert services.units.get(g.id).parent_id == a.id
    assert services.units.get(b.id).valid_to == dt.date(2025, 7, 1)
    assert b.id not in {u.id for u in services.units.list()}
    assert b.id in {u.id for u in services.units.list(include_closed=True)}
    assert any(
        e.kind == UnitEventKind.MERGE and e.other_unit_name == a.name
        for e in services.units.history(b.id)
    )
    assert services.units.descendant_ids(a.id) == {a.id, g.id}


def test_a_unit_cannot_move_under_its_own_child(services, tree):
    _, _, b, g = tree
    with pytest.raises(ServiceError, match="cấp dưới"):
        services.units.move(b.id, g.id, None)


def test_nfd_input_is_stored_as_nfc(services):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Công đoàn ngành Y tế")
    u = services.units.create("YT", nfd, UnitKind.SECTOR)
    assert u.name == unicodedata.normalize("NFC", nfd)
    assert unicodedata.is_normalized("NFC", services.units.get(u.id).name)
