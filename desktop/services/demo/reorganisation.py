"""The demo province's 2025 reorganisation, as data: the decision effective 01/07/2025 and the
2026 campaign that runs on the new tree.

From 1 July 2025 the district federations (LĐLĐ huyện) ended. In the demo, Lai Châu's eight
district federations are dissolved; twenty commune and ward unions and one industrial-zone
union are created under the province; every grassroots union of the districts moves (most to
the commune or ward of its place, three companies to the industrial-zone union, two straight to
the province); the sector and public-employees unions do not change.

Commune and ward names are public place names of Lai Châu; the grassroots unions are those of
``data.py``. :func:`change_rows` gives the decision as the rows ``ReorganisationService`` takes
(``builder.build_demo(..., reorganised=True)`` applies them); :func:`write_sheet` writes the
same rows as a sheet that ``units reorganise`` reads, so a user can apply the decision to the
normal demo. Nothing personal appears here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.models.enums import UnitKind
from desktop.services import labels
from desktop.services.demo import data
from desktop.services.units.reorganise import Action, ChangeRow

EFFECTIVE = dt.date(2025, 7, 1)

# The districts the decision ends (the sector and public-employees unions stay).
ENDED_DISTRICTS: tuple[str, ...] = tuple(
    d.code for d in data.DISTRICT_UNITS if d.kind == "district"
)


@dataclass(frozen=True, slots=True)
class NewUnionSpec:
    code: str
    name: str
    kind: UnitKind  # COMMUNE, WARD or INDUSTRIAL_ZONE
    area_of: str | None  # the old district whose area it covers (None: the whole province)
    quota_2026: int  # its quota in DKST-2026


def _ward(code: str, place: str, area: str, quota: int) -> NewUnionSpec:
    return NewUnionSpec(code, f"Công đoàn phường {place}", UnitKind.WARD, area, quota)


def _commune(code: str, place: str, area: str, quota: int) -> NewUnionSpec:
    return NewUnionSpec(code, f"Công đoàn xã {place}", UnitKind.COMMUNE, area, quota)


# fmt: off
COMMUNES_AND_WARDS: tuple[NewUnionSpec, ...] = (
    _ward("LC-P-TANPHONG", "Tân Phong", "LC-TP", 14),
    _ward("LC-P-DOANKET", "Đoàn Kết", "LC-TP", 10),
    _commune("LC-X-PHONGTHO", "Phong Thổ", "LC-PT", 9),
    _commune("LC-X-DAOSAN", "Dào San", "LC-PT", 5),
    _commune("LC-X-KHONGLAO", "Khổng Lào", "LC-PT", 7),
    _commune("LC-X-SINHO", "Sìn Hồ", "LC-SH", 9),
    _commune("LC-X-NAMTAM", "Nậm Tăm", "LC-SH", 6),
    _commune("LC-X-PUSAMCAP", "Pu Sam Cáp", "LC-SH", 4),
    _commune("LC-X-THANUYEN", "Than Uyên", "LC-THU", 10),
    _commune("LC-X-MUONGTHAN", "Mường Than", "LC-THU", 8),
    _commune("LC-X-TAMDUONG", "Tam Đường", "LC-TD", 6),
    _commune("LC-X-BINHLU", "Bình Lư", "LC-TD", 7),
    _commune("LC-X-BANBO", "Bản Bo", "LC-TD", 6),
    _commune("LC-X-TANUYEN", "Tân Uyên", "LC-TNU", 9),
    _commune("LC-X-MUONGKHOA", "Mường Khoa", "LC-TNU", 6),
    _commune("LC-X-MUONGTE", "Mường Tè", "LC-MT", 7),
    _commune("LC-X-BUMNUA", "Bum Nưa", "LC-MT", 4),
    _commune("LC-X-THULUM", "Thu Lũm", "LC-MT", 5),
    _commune("LC-X-NAMNHUN", "Nậm Nhùn", "LC-NN", 7),
    _commune("LC-X-LELOI", "Lê Lợi", "LC-NN", 4),
)
# fmt: on

INDUSTRIAL_ZONE = NewUnionSpec(
    "LC-KCN",
    "Công đoàn các Khu công nghiệp tỉnh Lai Châu",
    UnitKind.INDUSTRIAL_ZONE,
    None,
    12,
)

NEW_UNIONS: tuple[NewUnionSpec, ...] = (*COMMUNES_AND_WARDS, INDUSTRIAL_ZONE)

# Where each grassroots union of the ended districts goes (its place as in data.py → the code
# of the new union, or of the province for the two that go straight to it).
# fmt: off
MOVES: dict[str, str] = {
    # LĐLĐ thành phố Lai Châu
    "Ủy ban nhân dân thành phố Lai Châu": "LC-P-TANPHONG",
    "Ủy ban nhân dân phường Tân Phong": "LC-P-TANPHONG",
    "Ủy ban nhân dân phường Đoàn Kết": "LC-P-DOANKET",
    "Trường Trung học cơ sở Quyết Thắng": "LC-P-DOANKET",
    "Trường Mầm non Đông Phong": "LC-P-TANPHONG",
    "Công ty Cổ phần Cấp thoát nước và Môi trường Đô thị Xanh": data.PROVINCE.code,
    "Công ty TNHH Xây dựng và Thương mại Hưng Thịnh": "LC-KCN",
    # LĐLĐ huyện Phong Thổ
    "Ủy ban nhân dân huyện Phong Thổ": "LC-X-PHONGTHO",
    "Ủy ban nhân dân xã Mường So": "LC-X-KHONGLAO",
    "Trường Trung học cơ sở Dào San": "LC-X-DAOSAN",
    "Trường Tiểu học Khổng Lào": "LC-X-KHONGLAO",
    "Trường Mầm non Bản Lang": "LC-X-PHONGTHO",
    "Công ty Cổ phần Vật liệu xây dựng Tân Tiến": "LC-KCN",
    # LĐLĐ huyện Sìn Hồ
    "Ủy ban nhân dân huyện Sìn Hồ": "LC-X-SINHO",
    "Ủy ban nhân dân thị trấn Sìn Hồ": "LC-X-SINHO",
    "Trường Tiểu học Nậm Tăm": "LC-X-NAMTAM",
    "Trường Phổ thông Dân tộc bán trú Trung học cơ sở Noong Hẻo": "LC-X-NAMTAM",
    "Trường Mầm non Chăn Nưa": "LC-X-PUSAMCAP",
    # LĐLĐ huyện Than Uyên
    "Ủy ban nhân dân huyện Than Uyên": "LC-X-THANUYEN",
    "Ủy ban nhân dân xã Mường Than": "LC-X-MUONGTHAN",
    "Trường Trung học cơ sở Phúc Than": "LC-X-MUONGTHAN",
    "Trường Tiểu học Mường Cang": "LC-X-THANUYEN",
    "Công ty Cổ phần Chè Đồi Xanh": "LC-X-THANUYEN",
    "Hợp tác xã Nông nghiệp Hòa Bình": "LC-X-MUONGTHAN",
    # LĐLĐ huyện Tam Đường
    "Ủy ban nhân dân huyện Tam Đường": "LC-X-TAMDUONG",
    "Ủy ban nhân dân xã Bình Lư": "LC-X-BINHLU",
    "Trường Tiểu học Bản Bo": "LC-X-BANBO",
    "Trường Trung học cơ sở Nà Tăm": "LC-X-BANBO",
    "Công ty TNHH Chè Vùng Cao An Phú": "LC-X-BINHLU",
    # LĐLĐ huyện Tân Uyên
    "Ủy ban nhân dân huyện Tân Uyên": "LC-X-TANUYEN",
    "Ủy ban nhân dân xã Thân Thuộc": "LC-X-TANUYEN",
    "Trường Tiểu học Trung Đồng": "LC-X-TANUYEN",
    "Trường Mầm non Phúc Khoa": "LC-X-MUONGKHOA",
    "Công ty Cổ phần Chè Bình Minh": "LC-X-MUONGKHOA",
    "Công ty TNHH Thủy điện Suối Mây": data.PROVINCE.code,
    # LĐLĐ huyện Mường Tè
    "Ủy ban nhân dân huyện Mường Tè": "LC-X-MUONGTE",
    "Ủy ban nhân dân xã Bum Nưa": "LC-X-BUMNUA",
    "Trường Phổ thông Dân tộc bán trú Tiểu học Ka Lăng": "LC-X-THULUM",
    "Trường Trung học cơ sở Bum Tở": "LC-X-MUONGTE",
    "Trường Mầm non Thu Lũm": "LC-X-THULUM",
    # LĐLĐ huyện Nậm Nhùn
    "Ủy ban nhân dân huyện Nậm Nhùn": "LC-X-NAMNHUN",
    "Ủy ban nhân dân xã Mường Mô": "LC-X-NAMNHUN",
    "Trường Tiểu học Nậm Hàng": "LC-X-NAMNHUN",
    "Trường Trung học cơ sở Lê Lợi": "LC-X-LELOI",
    "Công ty Cổ phần Xây lắp Điện Phát Đạt": "LC-KCN",
}
# fmt: on

# DKST-2024's targets of 2025 for the districts, set at the start of the year (so that the
# part they had not reached by 1 July can be given to the new unions, quota_reassign.py).
DKST_2025_DISTRICT_QUOTAS: dict[str, int] = {
    "LC-PT": 40,
    "LC-SH": 36,
    "LC-THU": 36,
    "LC-TP": 32,
    "LC-TD": 28,
    "LC-TNU": 28,
    "LC-MT": 26,
    "LC-NN": 20,
}

# DKST-2026's quotas of the unions the decision left unchanged.
DKST_2026_UNCHANGED_QUOTAS: dict[str, int] = {"LC-CDVC": 20, "LC-YT": 18, "LC-GD": 12}

# The 2026 campaign, on the new tree: one year, the same fields as DKST-2024.
DKST_2026 = data.CampaignSpec(
    code="DKST-2026",
    name="Đoàn kết sáng tạo năm 2026",
    plan_number="/KH-LĐLĐ",
    plan_date=dt.date(2026, 1, 5),
    plan_issuer=data.PROVINCE.name,
    starts_on=dt.date(2026, 1, 1),
    ends_on=dt.date(2026, 12, 31),
    nomination_limit=None,
    min_per_grassroots=None,
    description_limit=1000,
    province_target=None,  # the sum of the unions' quotas (builder)
    periods=(
        data.PeriodSpec(
            name="Năm 2026",
            count_from=dt.date(2026, 1, 1),
            count_to=dt.date(2026, 12, 31),
            deadlines=(
                data.DeadlineSpec("Đăng ký sáng kiến, ý tưởng mới", dt.date(2026, 1, 15)),
                data.DeadlineSpec(
                    "Báo cáo kết quả thực hiện phong trào 6 tháng", dt.date(2026, 6, 30)
                ),
                data.DeadlineSpec("Gửi hồ sơ đề nghị công nhận về LĐLĐ tỉnh", dt.date(2026, 8, 5)),
                data.DeadlineSpec(
                    "Báo cáo kết quả thực hiện phong trào năm", dt.date(2026, 12, 31)
                ),
            ),
            target=None,
        ),
    ),
    fields=data.FIELDS_DKST,
    source_seed="000",
    notes=(
        "Chương trình đầu tiên sau sắp xếp đơn vị từ ngày 01/7/2025: chỉ tiêu giao cho công "
        "đoàn xã, phường, Công đoàn các Khu công nghiệp và các công đoàn ngành, Công đoàn "
        "Viên chức tỉnh."
    ),
)
DKST_2026_INITIATIVES = 72


def new_union(code: str) -> NewUnionSpec:
    """The new union with this code; KeyError if there is none."""
    for spec in NEW_UNIONS:
        if spec.code == code:
            return spec
    raise KeyError(code)


def _target_name(code: str) -> str:
    return data.PROVINCE.name if code == data.PROVINCE.code else new_union(code).name


def change_rows() -> list[ChangeRow]:
    """The decision as rows, in the order of the sheet (``line``: its row there, the header
    on row 1): the new unions, the moves district by district, then the dissolutions."""
    rows: list[ChangeRow] = []

    def add(action: Action, unit: str, **kw: str) -> None:
        rows.append(ChangeRow(action, unit, line=len(rows) + 2, **kw))

    for spec in NEW_UNIONS:
        add(
            Action.CREATE,
            spec.name,
            parent=data.PROVINCE.name,
            kind=labels.UNIT_KIND[spec.kind],
            code=spec.code,
        )
    for code in ENDED_DISTRICTS:
        for name in data.grassroots_names(data.unit(code)):
            place = name.removeprefix("Công đoàn cơ sở ")
            add(Action.MOVE, name, parent=_target_name(MOVES[place]))
    for code in ENDED_DISTRICTS:
        add(Action.DISSOLVE, data.unit(code).name)
    return rows


SHEET_TITLE = "Sắp xếp lại"


def write_sheet(path: Path) -> Path:
    """The decision as a sheet «Sắp xếp lại» with the columns ``units reorganise`` reads
    (those of ``reorganise_file.write_template``). Returns ``path``."""
    from desktop.services.units.reorganise_file import COLUMNS
    from desktop.services.xlsx import Column, new_workbook, save_workbook, write_table

    path = Path(path)
    wb, ws = new_workbook(SHEET_TITLE)
    widths = {"unit": 58, "action": 12, "parent": 44, "kind": 40, "new_name": 20, "code": 18}
    write_table(
        ws,
        [Column(header, width=widths[role]) for role, header in COLUMNS],
        [
            [getattr(r, role) if role != "action" else r.action.value for role, _h in COLUMNS]
            for r in change_rows()
        ],
    )
    save_workbook(wb, path)
    return path


__all__ = [
    "DKST_2026",
    "EFFECTIVE",
    "ENDED_DISTRICTS",
    "INDUSTRIAL_ZONE",
    "MOVES",
    "NEW_UNIONS",
    "NewUnionSpec",
    "change_rows",
    "new_union",
    "write_sheet",
]
