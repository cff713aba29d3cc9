"""One set of rules for every way data comes in (docs/sync-promises.md, promise 11).

The same bad records are driven through each entry path — the service (the window), an Excel
file made here with openpyxl, the command line in a subprocess, and a bundle signed by a real
peer — and each must refuse them with the same Vietnamese message; a bundle's bad record is
refused alone, the rest applies."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update
from test_initiative_excel import official_sheet

from desktop.models import Campaign, Initiative, Unit
from desktop.services.common import ValidationFailed, local_office
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.rules.audit import list_breaches
from desktop.services.rules.records import Severity, bad_character, check_initiative
from desktop.services.store.opening import open_store
from desktop.services.sync import container as c
from support.sync_fixtures import (
    add_initiative,
    copy_offices,
    initiative_by_title,
    table_hashes,
    writes_format_1_to,
)

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = "01TRIEU-2022"
UNIT = "LC-TD-02"


@dataclass(frozen=True)
class Case:
    """A bad initiative, said once; each entry path turns it into its own form."""

    key: str
    message: str  # what every path must say
    title: str = ""
    authors: tuple[tuple[str, Decimal], ...] = (("Lò Văn A", Decimal(100)),)
    benefit: int | None = None
    applied_on: dt.date = dt.date(2022, 5, 1)
    description: str = "Mô tả ngắn."
    in_excel: bool = True  # an Excel row can say it (shares are not a column)
    extra: dict[str, object] = field(default_factory=dict)

    def name(self) -> str:
        return self.title or f"Sáng kiến {self.key}"


def _long(prefix: str, n: int) -> str:
    return prefix + " " + "T" * (n - len(prefix) - 1)


CASES = [
    # 30,000 characters: an Excel cell holds at most 32,767 (openpyxl cuts the rest).
    Case(
        "title30000",
        "Tên sáng kiến dài 30000 ký tự, vượt giới hạn 1000 ký tự.",
        title=_long("title30000", 30_000),
    ),
    Case(
        "author30000",
        "Tác giả thứ 1: họ tên dài 30000 ký tự, vượt giới hạn 200 ký tự.",
        authors=(("N" * 30_000, Decimal(100)),),
    ),
    Case(
        "bidi",
        "Tên sáng kiến chứa ký tự điều khiển U+202E",
        title="bidi Sáng kiến \u202eníah gnàs",
    ),
    Case(
        "control",
        "Tên sáng kiến chứa ký tự điều khiển U+0007",
        title="control Sáng kiến\x07 chuông",  # in Excel's XML: the escape _x0007_
    ),
    Case("negative", "Giá trị làm lợi không được âm.", benefit=-5),
    Case(
        "year9999",
        "Ngày áp dụng 31/12/9999 nằm ngoài khoảng cho phép (01/01/1975 – 31/12/2099).",
        applied_on=dt.date(9999, 12, 31),
    ),
    Case(
        "year0001",
        "Ngày áp dụng 01/01/0001 nằm ngoài khoảng cho phép (01/01/1975 – 31/12/2099).",
        applied_on=dt.date(1, 1, 1),
        in_excel=False,  # no Excel date before 1900
    ),
    Case(
        "shares200",
        "Tổng tỷ lệ đóng góp của các tác giả phải là 100% (đang là 200%).",
        authors=(("Lò Văn A", Decimal(100)), ("Lò Thị B", Decimal(100))),
        in_excel=False,
    ),
    Case("noauthor", "Cần ít nhất một tác giả.", authors=()),
    Case(
        "description30000",
        "Mô tả dài 30000 ký tự, vượt giới hạn 20000 ký tự.",
        description="m" * 30_000,
    ),
    Case(
        "description90000",
        "Mô tả dài 90000 ký tự, vượt giới hạn 20000 ký tự.",
        description="m" * 90_000,
        in_excel=False,  # more than an Excel cell holds (32,767 characters)
    ),
]
EXCEL_CASES = [k for k in CASES if k.in_excel]


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    writes_format_1_to(district, "LC")  # the bundle cases edit the plaintext and re-sign it
    yield province, district, dbs
    province.store.close()
    district.store.close()


def _ids(services: Services) -> tuple[int, int, int | None, str]:
    with services.store.session_factory() as s:
        unit = s.scalar(select(Unit).where(Unit.code == UNIT))
        campaign = s.scalar(select(Campaign).where(Campaign.code == CAMPAIGN))
        assert unit is not None and campaign is not None
        return campaign.id, unit.id, campaign.fields[0].id, unit.name


def _input(services: Services, case: Case) -> InitiativeInput:
    campaign_id, unit_id, field_id, _ = _ids(services)
    return InitiativeInput(
        campaign_id=campaign_id,
        unit_id=unit_id,
        title=case.name(),
        authors=tuple(AuthorInput(n, contribution_pct=p) for n, p in case.authors),
        field_id=field_id,
        description=case.description,
        benefit_vnd=case.benefit,
        applied_on=case.applied_on,
    )


def _excel(path: Path, unit_name: str, cases: list[Case]) -> Path:
    rows: list[list[Any]] = [
        [
            i,
            k.name(),
            ", ".join(n for n, _ in k.authors),
            unit_name,
            "",
            "",
            k.benefit if k.benefit is not None else "",
            dt.datetime.combine(k.applied_on, dt.time()),
            k.description,
        ]
        for i, k in enumerate(cases, start=1)
    ]
    rows.append([99, "Sáng kiến tốt trong tệp", "Lò Văn Tốt", unit_name, "", "", "", "", ""])
    # openpyxl refuses control characters; Excel writes them as _x0007_, which calamine reads
    # back as the character: put a marker, then Excel's escape in the XML.
    for row in rows:
        row[1] = row[1].replace("\x07", "CTRL7MARK")
    official_sheet(path, rows, extra_header="Mô tả tóm tắt")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.replace(b"CTRL7MARK", b"_x0007_"))
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )


def _key(services: Services) -> bytes:
    with services.store.session_factory() as s:
        office = local_office(s)
        assert office is not None and office.private_key is not None
        return office.private_key


def _bundle_with(district: Services, good: bytes, records: list[dict]) -> bytes:
    """The district's real bundle with ``records`` added to its initiatives, signed again with
    the district's own key: what a peer running other software could send."""
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        data = json.loads(zf.read("data.json"))
    data["initiatives"] = data["initiatives"] + records
    raw = json.dumps(data, ensure_ascii=False).encode()
    return c.build(manifest, raw, _key(district))


def _record(template: dict, case: Case) -> dict:
    rec = copy.deepcopy(template)
    rec["uid"] = str(uuid.uuid4())
    rec["title"] = case.name()
    rec["description"] = case.description
    rec["benefit_vnd"] = case.benefit
    rec["applied_on"] = case.applied_on.isoformat()
    author = template["authors"][0]
    rec["authors"] = [
        dict(author, uid=str(uuid.uuid4()), full_name=n, contribution_pct=str(p))
        for n, p in case.authors
    ]
    return rec


def _template_record(good: bytes, title: str) -> dict:
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        data = json.loads(zf.read("data.json"))
    return next(r for r in data["initiatives"] if r["title"] == title)


# ---- the table, through each entry path ---------------------------------------------------
def test_the_rules_themselves_give_each_case_its_message():
    for case in CASES:
        data = InitiativeInput(
            campaign_id=1,
            unit_id=1,
            title=case.name(),
            authors=tuple(AuthorInput(n, contribution_pct=p) for n, p in case.authors),
            description=case.description,
            benefit_vnd=case.benefit,
            applied_on=case.applied_on,
        )
        messages = " ".join(i.message for i in check_initiative(data))
        assert case.message in messages, case.key


def test_every_entry_path_refuses_the_same_records_with_the_same_message(offices, tmp_path):
    province, district, dbs = offices
    campaign_id, _unit_id, _field, unit_name = _ids(district)

    # 1. the service, as the window calls it
    for case in CASES:
        with pytest.raises(ValidationFailed) as err:
            district.initiatives.create(_input(district, case))
        assert case.message in str(err.value), case.key

    # 2. the Excel import's plan (the preview)
    path = _excel(tmp_path / "ds.xlsx", unit_name, EXCEL_CASES)
    plan = district.initiative_import.plan(district.initiative_import.read(path), campaign_id)
    reasons = {r.row_number: r.reason for r in plan.rejected}
    for row, case in enumerate(EXCEL_CASES, start=6):
        assert case.message in reasons.get(row, ""), case.key
    assert [r.data.title for r in plan.rows] == ["Sáng kiến tốt trong tệp"]

    # 3. the command line, in its own process
    done = _cli(
        "initiatives", "import", str(path), "--campaign", CAMPAIGN, "--dry-run", "--json",
        "--db", str(dbs["LC-TD"]),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli_reasons = {r["row"]: r["reason"] for r in json.loads(done.stdout)["rejected"]}
    assert cli_reasons == reasons

    # 4. a bundle signed by the district, with every bad record and one good one
    good_title = "Bếp đun tiết kiệm củi cho bếp ăn bán trú"
    add_initiative(district, UNIT, good_title)
    exported = district.bundles.export("LC", tmp_path / "good.ssk").path.read_bytes()
    template = _template_record(exported, good_title)
    forged = tmp_path / "forged.ssk"
    forged.write_bytes(_bundle_with(district, exported, [_record(template, k) for k in CASES]))

    preview = province.bundles.preview(forged)
    rejected = [n for n in preview.notes if n.kind == "rejected"]
    for case in CASES:
        hit = [n for n in rejected if case.name()[:60] in n.what]
        assert hit and case.message in hit[0].reason, case.key
    assert preview.totals["rejected"] == len(CASES)

    report = province.bundles.import_(forged)
    assert report.totals["rejected"] == len(CASES)
    assert initiative_by_title(province, good_title) is not None  # the rest applied
    for case in CASES:
        assert initiative_by_title(province, case.name()) is None, case.key
    history = province.sync_history.list()[0]
    assert history.accepted
    for case in CASES:
        assert case.message in (history.reason or ""), case.key


def test_a_bundle_with_one_bad_and_one_good_initiative_applies_the_good_one(offices, tmp_path):
    province, district, _ = offices
    good_title = "Máy thái rau cho bếp ăn tập thể"
    add_initiative(district, UNIT, good_title)
    exported = district.bundles.export("LC", tmp_path / "b.ssk").path.read_bytes()
    bad = _record(
        _template_record(exported, good_title),
        Case("one", "", title="Sáng kiến \u202egnàs có ký tự đảo chiều"),
    )
    forged = tmp_path / "one-bad.ssk"
    forged.write_bytes(_bundle_with(district, exported, [bad]))
    shown = "Tên sáng kiến chứa ký tự điều khiển U+202E"

    preview = province.bundles.preview(forged)
    notes = [n for n in preview.notes if n.kind == "rejected"]
    assert len(notes) == 1 and shown in notes[0].reason and "U+202E" in notes[0].reason
    assert initiative_by_title(province, good_title) is None  # the preview wrote nothing

    province.bundles.import_(forged)
    assert initiative_by_title(province, good_title) is not None
    assert initiative_by_title(province, bad["title"]) is None
    assert shown in (province.sync_history.list()[0].reason or "")


def test_a_record_failing_only_because_offices_hold_other_campaign_versions_is_kept(
    offices, tmp_path
):
    """The province has cut the campaign's description limit to 100 characters; the district,
    which has not yet received that version, accepted a 500-character description. The
    initiative arrives, flagged."""
    province, district, _ = offices
    title = "Sổ tay an toàn lao động bằng tiếng dân tộc"
    detail_id = add_initiative(district, UNIT, title)
    data = district.initiatives.get(detail_id).data
    district.initiatives.update(detail_id, replace(data, description="Mô tả dài. " * 50))
    with province.store.session_factory.begin() as s:
        s.execute(update(Campaign).where(Campaign.code == CAMPAIGN).values(description_limit=100))
    path = district.bundles.export("LC", tmp_path / "v.ssk").path

    preview = province.bundles.preview(path)
    flagged = [n for n in preview.notes if n.kind == "warning" and title in n.what]
    assert flagged, preview.notes
    assert "vượt giới hạn 100 ký tự của chương trình" in flagged[0].reason
    assert not [n for n in preview.notes if n.kind == "rejected"]

    province.bundles.import_(path)
    stored = initiative_by_title(province, title)
    assert stored is not None and len(stored.description) == len(("Mô tả dài. " * 50).strip())
    assert "vượt giới hạn 100 ký tự" in (province.sync_history.list()[0].reason or "")
    # At the province's own window the same record is refused: it is its campaign's rule.
    issues = province.initiatives.check(province.initiatives.get(stored.id).data)
    assert any(
        "vượt giới hạn 100 ký tự của chương trình" in i.message and i.severity == Severity.ERROR
        for i in issues
    )


# ---- records stored before a rule existed -------------------------------------------------
def test_stored_records_that_break_a_rule_are_listed_never_changed(offices):
    _province, district, dbs = offices
    title = "Sáng kiến cũ có ký tự lạ"
    ini_id = add_initiative(district, UNIT, title)
    with district.store.session_factory.begin() as s:  # as an older version let them in
        s.execute(
            update(Initiative)
            .where(Initiative.id == ini_id)
            .values(title="Sáng kiến cũ \u202ecó ký tự lạ", benefit_vnd=-7)
        )
        s.execute(update(Unit).where(Unit.code == UNIT).values(short_name="CĐCS\x07 Nậm Đích"))
    before = table_hashes(district.store)

    found = list_breaches(district.store.session_factory)
    by_kind = {(b.kind, b.id): b for b in found}
    ini = by_kind[("initiative", ini_id)]
    messages = [i.message for i in ini.issues]
    assert any("U+202E" in m for m in messages)
    assert "Giá trị làm lợi không được âm." in messages
    unit = next(b for b in found if b.kind == "unit")
    assert any("U+0007" in i.message for i in unit.issues)
    assert table_hashes(district.store) == before  # listed, not changed

    district.store.close()
    done = _cli("initiatives", "check", "--json", "--db", str(dbs["LC-TD"]))
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    assert {(r["kind"], r["id"]) for r in out["records"]} == set(by_kind)
    plain = _cli("initiatives", "check", "--db", str(dbs["LC-TD"]))
    assert "Giá trị làm lợi không được âm." in plain.stdout
    assert "vi phạm quy tắc nhập liệu" in plain.stdout


def test_a_clean_store_passes_the_check(offices):
    _province, district, _dbs = offices
    assert list_breaches(district.store.session_factory) == []


# ---- the other kinds of record ------------------------------------------------------------
def test_bad_characters_are_named_by_their_code_point():
    assert bad_character("Sáng kiến\tcải tiến\n") is None
    assert bad_character("a\u202eb") == "U+202E"
    assert bad_character("a\x00b") == "U+0000"
    assert bad_character("a\ud800b") == "U+D800"


def test_quota_campaign_and_unit_rules_from_the_services(offices):
    from desktop.models import UnitKind
    from desktop.services.campaigns.service import CampaignInput, PeriodInput

    province, _district, _ = offices
    with pytest.raises(ValidationFailed, match="Chỉ tiêu quá lớn"):
        grid_root = province.units.by_code("LC")
        assert grid_root is not None
        campaign_id = province.campaigns.by_code(CAMPAIGN).id
        grid = province.quotas.grid(campaign_id, grid_root.id)
        key = (grid.units[0].id, grid.columns[0].id)
        province.quotas.save(campaign_id, grid_root.id, {key: 10**9}, accept_mismatches=True)
    with pytest.raises(ValidationFailed, match=r"U\+202E"):
        province.campaigns.create(CampaignInput(code="X1", name="Phong trào \u202eX"))
    with pytest.raises(ValidationFailed, match="nằm ngoài khoảng cho phép"):
        province.campaigns.create(
            CampaignInput(
                code="X2",
                name="Phong trào",
                periods=(PeriodInput("GĐ", dt.date(1, 1, 1), dt.date(9999, 1, 1)),),
            )
        )
    with pytest.raises(ValidationFailed, match="Tên đơn vị dài 400 ký tự"):
        province.units.create("X3", "Đ" * 400, UnitKind.DISTRICT, grid_root.id)


def test_a_peer_quota_out_of_range_is_refused_alone(offices, tmp_path):
    province, district, _ = offices
    exported = district.bundles.export("LC", tmp_path / "q.ssk").path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        data = json.loads(zf.read("data.json"))
    with province.store.session_factory() as s:
        campaign_uid = s.scalar(select(Campaign.uid).where(Campaign.code == CAMPAIGN))
        unit_uid = s.scalar(select(Unit.uid).where(Unit.code == UNIT))
    data["quotas"] = [
        *data.get("quotas", []),
        {
            "uid": str(uuid.uuid4()),
            "v": 1,
            "target": -40,
            "unit_uid": unit_uid,
            "campaign_uid": campaign_uid,
            "period_uid": None,
        },
    ]
    raw = json.dumps(data, ensure_ascii=False).encode()
    path = tmp_path / "bad-quota.ssk"
    path.write_bytes(c.build(manifest, raw, _key(district)))
    report = province.bundles.preview(path)
    notes = [n for n in report.notes if n.kind == "rejected" and n.what == "chỉ tiêu"]
    assert notes and notes[0].reason == "Chỉ tiêu không được âm."
    with province.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quota WHERE target < 0")).scalar() == 0


def test_the_unit_list_file_applies_the_unit_rules(tmp_path):
    from openpyxl import Workbook

    from desktop.services.units.excel_list import read_unit_list

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị"])
    ws.append(["LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "Tỉnh"])
    ws.append(["LC-X", "Công đoàn \u202eĐơn vị lạ", "", "Huyện"])
    ws.append(["LC-Y", "Đ" * 400, "", "Huyện"])
    path = tmp_path / "don-vi.xlsx"
    wb.save(path)
    preview = read_unit_list(path)
    reasons = {p.row: p.message for p in preview.problems}
    assert "Tên đơn vị chứa ký tự điều khiển U+202E" in reasons[3]
    assert "Tên đơn vị dài 400 ký tự, vượt giới hạn 300 ký tự." in reasons[4]
    assert [r.code for r in preview.rows] == ["LC"]


def test_only_the_campaign_and_clock_dependent_rules_are_contextual():
    from desktop.services.rules.records import CampaignRules

    data = InitiativeInput(
        campaign_id=1,
        unit_id=1,
        title="Sáng kiến",
        authors=(AuthorInput("Lò Văn A"),),
        description="x" * 500,
        applied_on=dt.date(2030, 1, 1),
    )
    issues = check_initiative(data, CampaignRules(100), today=dt.date(2026, 1, 1))
    assert {(i.field, i.contextual) for i in issues} == {
        ("description", True),
        ("applied_on", True),
    }
    # Past the most any campaign allows, the same description is refused everywhere.
    long = replace(data, description="x" * 20_001, applied_on=None)
    assert [(i.field, i.contextual) for i in check_initiative(long)] == [("description", False)]
    # Three authors at 33.33 % are 100 %; 33.333 % has too many decimals.
    thirds = tuple(AuthorInput(n, contribution_pct=Decimal("33.33")) for n in "ABC")
    assert check_initiative(replace(data, authors=thirds, description="", applied_on=None)) == []
    odd = (AuthorInput("A", contribution_pct=Decimal("33.333")), AuthorInput("B"))
    messages = [i.message for i in check_initiative(replace(data, authors=odd))]
    assert "Tác giả thứ 1: tỷ lệ đóng góp chỉ có tối đa 2 chữ số thập phân." in messages
