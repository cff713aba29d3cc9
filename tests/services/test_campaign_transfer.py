"""A campaign as a JSON document and back (services/campaigns/transfer.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from desktop.models import UnitKind
from desktop.services.campaigns.service import CampaignInput, DeadlineInput, FieldInput, PeriodInput
from desktop.services.campaigns.transfer import (
    Action,
    CampaignTransfer,
    parse_documents,
    read_documents,
)
from desktop.services.common import ServiceError
from desktop.services.registry import Services

DKST = CampaignInput(
    code="DKST-2026",
    name="Đoàn kết sáng tạo năm 2026",
    plan_number="12/KH-LĐLĐ",
    plan_date=dt.date(2026, 1, 5),
    plan_issuer="Liên đoàn Lao động tỉnh Lai Châu",
    starts_on=dt.date(2026, 1, 1),
    ends_on=dt.date(2026, 12, 31),
    nomination_limit=3,
    min_per_grassroots=1,
    description_limit=1500,
    notes="Mỗi CĐCS ít nhất một sáng kiến.",
    periods=(
        PeriodInput(
            "Sáu tháng đầu năm",
            dt.date(2026, 1, 1),
            dt.date(2026, 6, 30),
            (
                DeadlineInput("Nộp hồ sơ đợt 1", dt.date(2026, 6, 15)),
                DeadlineInput("Báo cáo sơ kết", dt.date(2026, 6, 30)),
            ),
        ),
        PeriodInput("Sáu tháng cuối năm", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ),
    fields=(FieldInput("KT", "Kỹ thuật"), FieldInput("QL", "Quản lý")),
)


def _units(services: Services) -> tuple[int, int]:
    lc = services.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    ward = services.units.create(
        "LC-TP", "Công đoàn phường Tân Phong", UnitKind.WARD, parent_id=lc.id
    )
    return lc.id, ward.id


def test_the_document_holds_the_whole_campaign_with_iso_dates(services: Services) -> None:
    lc, ward = _units(services)
    services.campaigns.create(DKST, [lc, ward])
    doc = CampaignTransfer(services.store.session_factory).document("DKST-2026")
    assert doc == {
        "code": "DKST-2026",
        "name": "Đoàn kết sáng tạo năm 2026",
        "plan_number": "12/KH-LĐLĐ",
        "plan_date": "2026-01-05",
        "plan_issuer": "Liên đoàn Lao động tỉnh Lai Châu",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "nomination_limit": 3,
        "min_per_grassroots": 1,
        "description_limit": 1500,
        "notes": "Mỗi CĐCS ít nhất một sáng kiến.",
        "archived": False,
        "closed_at": None,
        "periods": [
            {
                "name": "Sáu tháng đầu năm",
                "count_from": "2026-01-01",
                "count_to": "2026-06-30",
                "target_on": None,
                "entries_close": None,
                "deadlines": [
                    {"label": "Nộp hồ sơ đợt 1", "date": "2026-06-15"},
                    {"label": "Báo cáo sơ kết", "date": "2026-06-30"},
                ],
            },
            {
                "name": "Sáu tháng cuối năm",
                "count_from": "2026-07-01",
                "count_to": "2026-12-31",
                "target_on": None,
                "entries_close": None,
                "deadlines": [],
            },
        ],
        "fields": [{"code": "KT", "name": "Kỹ thuật"}, {"code": "QL", "name": "Quản lý"}],
        # No papers given: the recognition plans' four, the last one optional.
        "dossier_items": [
            {"kind": "letter", "name": None, "required": True},
            {"kind": "application", "name": None, "required": True},
            {"kind": "description", "name": None, "required": True},
            {"kind": "other", "name": "Tài liệu chứng minh khác (nếu có)", "required": False},
        ],
        "participants": ["LC", "LC-TP"],
    }
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc


def test_a_document_creates_the_campaign_then_updates_it_keeping_quotas(
    services: Services,
) -> None:
    lc, ward = _units(services)
    transfer = CampaignTransfer(services.store.session_factory, services.campaigns)
    doc = {
        **json.loads(json.dumps(_doc_of(services, lc, ward))),
        "code": "DKST-2027",
        "archived": True,
    }
    planned = transfer.import_documents(parse_documents(json.dumps(doc)))
    assert [(p.code, p.action) for p in planned] == [("DKST-2027", Action.CREATE)]
    made = services.campaigns.by_code("DKST-2027")
    assert [p.name for p in made.periods] == ["Sáu tháng đầu năm", "Sáu tháng cuối năm"]
    assert made.unit_ids == {lc, ward}
    assert transfer.document("DKST-2027")["archived"] is True
    assert [c.row.code for c in transfer.listed()] == ["DKST-2026"]  # archived: only with --all
    assert {c.row.code for c in transfer.listed(include_archived=True)} == {
        "DKST-2026",
        "DKST-2027",
    }

    first = made.periods[0]
    services.campaigns.set_quota(made.id, ward, first.id, 7)
    again = transfer.import_documents(parse_documents(json.dumps(doc)))
    assert again[0].action == Action.UNCHANGED

    doc["name"] = "Đoàn kết sáng tạo năm 2027"
    doc["participants"] = ["LC"]
    doc["periods"][0]["deadlines"] = [{"label": "Nộp hồ sơ", "date": "2027-06-01"}]
    dry = transfer.import_documents(parse_documents(json.dumps(doc)), dry_run=True)
    assert dry[0].action == Action.UPDATE
    assert services.campaigns.by_code("DKST-2027").name == "Đoàn kết sáng tạo năm 2026"

    transfer.import_documents(parse_documents(json.dumps(doc)))
    updated = services.campaigns.by_code("DKST-2027")
    assert updated.id == made.id and updated.name == "Đoàn kết sáng tạo năm 2027"
    assert updated.unit_ids == {lc}
    assert updated.periods[0].id == first.id  # the same period, with its quota
    assert services.campaigns.quotas(made.id) == {(ward, first.id): 7}
    assert transfer.document("DKST-2027") == doc


def _doc_of(services: Services, lc: int, ward: int) -> dict[str, object]:
    services.campaigns.create(DKST, [lc, ward])
    return CampaignTransfer(services.store.session_factory).document("DKST-2026")


def _bad(doc: object) -> str:
    with pytest.raises(ServiceError) as caught:
        parse_documents(json.dumps(doc), "Tệp «x.json»")
    return str(caught.value)


GOOD: dict[str, Any] = {
    "code": "X-2026",
    "name": "Chương trình X",
    "periods": [
        {
            "name": "Năm 2026",
            "count_from": "2026-01-01",
            "count_to": "2026-12-31",
            "deadlines": [{"label": "Nộp hồ sơ", "date": "2026-10-31"}],
        }
    ],
}


def test_a_minimal_document_is_read_with_the_defaults() -> None:
    (doc,) = parse_documents(json.dumps(GOOD))
    assert doc.data.description_limit == 1000 and doc.data.nomination_limit is None
    assert doc.archived is False and doc.participants == ()
    assert doc.data.periods[0].deadlines == (DeadlineInput("Nộp hồ sơ", dt.date(2026, 10, 31)),)


def test_a_wrong_file_is_refused_naming_the_campaign_and_the_field() -> None:
    period: dict[str, Any] = GOOD["periods"][0]
    wrong_day = {**GOOD, "periods": [{**period, "count_to": "2026-02-31"}]}
    assert _bad(wrong_day) == (
        "Chương trình thứ 1 (mã «X-2026»), trường «periods[0].count_to»: ngày «2026-02-31» "
        "không có thật (ngày ghi dạng YYYY-MM-DD)."
    )
    assert "«31/12/2026» không phải ngày dạng YYYY-MM-DD" in _bad(
        {**GOOD, "starts_on": "31/12/2026"}
    )
    deadline = {**period, "deadlines": [{"label": "Nộp", "date": "2026-13-01"}]}
    assert "trường «periods[0].deadlines[0].date»" in _bad({**GOOD, "periods": [deadline]})
    assert "trường «nomination_limit»: phải là số nguyên" in _bad(
        {**GOOD, "nomination_limit": "ba"}
    )
    assert "trường «archived»: phải là true hoặc false" in _bad({**GOOD, "archived": "có"})
    assert "trường «periods»: phải là một danh sách" in _bad({**GOOD, "periods": {}})
    assert "trường «name»: bắt buộc" in _bad({"code": "X"})
    assert "trường «title»: không có trong định dạng" in _bad({**GOOD, "title": "?"})
    assert "Chương trình thứ 2 (mã «X-2026»): mã này đã có ở chương trình thứ 1" in _bad(
        [GOOD, GOOD]
    )
    assert "không có chương trình nào" in _bad([])
    assert "phải chứa một chương trình" in _bad("X-2026")
    # The window's own rules, with its message.
    backwards = {**GOOD, "periods": [{**period, "count_from": "2027-01-01"}]}
    assert "phải sau ngày đầu" in _bad(backwards)


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chuong-trinh.json"
    path.write_text('{"code": "X",', encoding="utf-8")
    with pytest.raises(ServiceError, match=r"«chuong-trinh\.json» không phải JSON hợp lệ"):
        read_documents(path)
    path.write_bytes('{"code": "Sáng kiến"}'.encode("cp1258", errors="replace") + b"\xff")
    with pytest.raises(ServiceError, match="không phải văn bản UTF-8"):
        read_documents(path)
    with pytest.raises(ServiceError, match="Không tìm thấy tệp"):
        read_documents(tmp_path / "khong-co.json")


def test_an_unknown_unit_code_is_refused_and_nothing_is_written(services: Services) -> None:
    _units(services)
    transfer = CampaignTransfer(services.store.session_factory)
    docs = parse_documents(
        json.dumps(
            [{**GOOD, "participants": ["LC"]}, {**GOOD, "code": "Y", "participants": ["ZZ"]}]
        )
    )
    with pytest.raises(ServiceError) as caught:
        transfer.import_documents(docs)
    assert str(caught.value) == (
        "Chương trình thứ 2 (mã «Y»), trường «participants»: không có đơn vị mã «ZZ» trong "
        "cơ sở dữ liệu này."
    )
    assert services.campaigns.list(include_archived=True) == []


def test_a_district_office_may_not_import_campaigns(district_demo_services: Services) -> None:
    transfer = CampaignTransfer(district_demo_services.store.session_factory)
    before = len(district_demo_services.campaigns.list(include_archived=True))
    with pytest.raises(ServiceError, match="lập và sửa chương trình thi đua"):
        transfer.import_documents(parse_documents(json.dumps(GOOD)))
    assert len(district_demo_services.campaigns.list(include_archived=True)) == before


def test_a_period_holding_initiatives_cannot_be_left_out(demo_services: Services) -> None:
    transfer = CampaignTransfer(demo_services.store.session_factory)
    doc = transfer.document("01TRIEU-2022")
    doc["periods"] = doc["periods"][1:]
    with pytest.raises(ServiceError, match="không bỏ được giai đoạn «Giai đoạn 1 \\(2022\\)»"):
        transfer.import_documents(parse_documents(json.dumps(doc)))
    assert len(demo_services.campaigns.by_code("01TRIEU-2022").periods) == 2
