"""Data for the demo store: the three campaigns of the seed plans, Lai Châu's units and quotas,
and deterministic pools to make plausible initiatives.

Pure data plus tiny helpers; standard library only, no Qt, no database. The campaign plans
the users work from (issued by provincial federations and the Fatherland Front, 2018-2024;
cited below as "seed NNN line L", 000-004: the Đoàn kết sáng tạo plans, 75 nghìn sáng kiến,
01 triệu sáng kiến with Lai Châu's quota table, and the related movements) are the source of
truth.
Nothing personal from them is used here: the people below are drawn from generic name pools,
and no official, phone number or e-mail address of the seeds appears in this module.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Literal

D = dt.date

UnitKindName = Literal["province", "district", "sector", "public_employees", "industrial_zone"]


# ---------------------------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    label: str  # Vietnamese, shown to the user
    due_on: dt.date


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A phase or a year of a campaign."""

    name: str  # Vietnamese, e.g. "Giai đoạn 1 (2022)" or "Năm 2024"
    count_from: dt.date  # initiatives count when applied within [count_from, count_to]
    count_to: dt.date
    deadlines: tuple[DeadlineSpec, ...]
    target: int | None  # province-level quota of this period
    # The date the target is to be reached by, and the day after whose 24h entries close
    # (campaigns/deadlines.py); None: the plan names none.
    target_on: dt.date | None = None
    entries_close_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    code: str  # ASCII slug, unique across all campaigns of this module
    name: str  # Vietnamese, as the plan words it


@dataclass(frozen=True, slots=True)
class CampaignSpec:
    code: str
    name: str
    plan_number: str
    plan_date: dt.date
    plan_issuer: str
    starts_on: dt.date
    ends_on: dt.date
    nomination_limit: int | None  # at most N initiatives nominated upward per district unit
    min_per_grassroots: int | None  # every grassroots union at least N initiatives
    description_limit: int
    province_target: int | None
    periods: tuple[PeriodSpec, ...]
    fields: tuple[FieldSpec, ...]
    source_seed: str
    notes: str
    # The dossier's papers: "submission" = the proposal's papers (seed 002), else the
    # recognition plans' four with the "other documents" optional (seed 000).
    dossier: str = "recognition"


@dataclass(frozen=True, slots=True)
class UnitSpec:
    code: str
    name: str  # full official name
    short_name: str  # as printed in the quota table
    kind: UnitKindName
    quota_whole: int  # "01 triệu sáng kiến" 2022-2023, whole period
    quota_2022: int  # phase 1 ("năm 2022" in the table)
    quota_2023: int  # phase 2 ("năm 2023" in the table)


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------

# Fields. Codes are unique across campaigns so that the title pools below can key on them.

# Seed 002 lines 9, 20 and 76 name the five fields of "75 nghìn". Line 9 writes
# "xây dựng đảng"; the party's name is capitalised here ("Đảng"), the wording is unchanged.
FIELDS_75NGHIN: tuple[FieldSpec, ...] = (
    FieldSpec("lam-loi-cao", "Sáng kiến trong lĩnh vực sản xuất có giá trị làm lợi cao"),
    FieldSpec("san-pham-moi", "Sáng kiến tạo ra sản phẩm mới"),
    FieldSpec(
        "atvsld-moi-truong",
        "Sáng kiến trong lĩnh vực an toàn, vệ sinh lao động, bảo vệ môi trường",
    ),
    FieldSpec(
        "cchc-xay-dung-dang",
        "Cải cách hành chính, xây dựng Đảng và hệ thống chính trị, quản lý, điều hành",
    ),
    FieldSpec("vi-cong-dong", "Sáng kiến vì cộng đồng trong các lĩnh vực y tế, giáo dục"),
)

# Seed 003 line 25: "trên các lĩnh vực trong thực hiện nhiệm vụ phòng chống dịch, phát triển
# kinh tế - xã hội của tỉnh và đổi mới tổ chức, hoạt động của công đoàn". Choice: these three
# areas are the fields, as worded there, with line 15's "phòng, chống dịch Covid-19" (the plan
# does not repeat seed 002's five fields).
FIELDS_01TRIEU: tuple[FieldSpec, ...] = (
    FieldSpec("phong-chong-dich", "Thực hiện nhiệm vụ phòng, chống dịch Covid-19"),
    FieldSpec("phat-trien-ktxh", "Phát triển kinh tế - xã hội của tỉnh"),
    FieldSpec("doi-moi-cong-doan", "Đổi mới tổ chức, hoạt động của công đoàn"),
)

# Seed 000 (the federation's plan) names no fields, only "đổi mới trong lao động, sản xuất,
# kinh doanh, học tập và công tác" (line 29). Choice: the four contents of the movement as
# seed 001 lines 55-61 word them (both plans apply the same national movement).
FIELDS_DKST: tuple[FieldSpec, ...] = (
    FieldSpec(
        "dkst-he-thong-chinh-tri",
        "Nâng cao hiệu quả, chất lượng công tác trong các cơ quan của hệ thống chính trị",
    ),
    FieldSpec(
        "dkst-nang-suat",
        "Nâng cao năng suất lao động ở các đơn vị sản xuất, kinh doanh, hộ gia đình",
    ),
    FieldSpec(
        "dkst-su-nghiep",
        "Trong các đơn vị sự nghiệp, góp phần phát triển khoa học, công nghệ, nâng cao chất"
        " lượng hoạt động và dịch vụ",
    ),
    FieldSpec(
        "dkst-vu-trang",
        "Trong lực lượng vũ trang, góp phần nâng cao năng lực quốc phòng, giữ vững ổn định"
        " chính trị và trật tự an toàn xã hội",
    ),
)


def _dkst_year(year: int) -> PeriodSpec:
    # Seed 000 lines 43, 47, 62: register "trước ngày 15 tháng 01 hàng năm", dossiers "chậm
    # nhất ngày 05 tháng 8 hàng năm", evaluation and honouring "trong tháng 12 hàng năm".
    # Choices: "trước ngày 15" is modelled as due on the 15th (as we read the plan); "trong
    # tháng 12" as due on 31 December; the plan states no counting window, so it is the
    # calendar year. Seed 001 line 111 asks for reports "định kỳ 6 tháng, 1 năm" without a
    # day: modelled as due on the last day of the half-year and of the year.
    return PeriodSpec(
        name=f"Năm {year}",
        count_from=D(year, 1, 1),
        count_to=D(year, 12, 31),
        deadlines=(
            DeadlineSpec("Đăng ký sáng kiến, ý tưởng mới (Mẫu 1, Mẫu 2)", D(year, 1, 15)),
            DeadlineSpec("Báo cáo kết quả thực hiện phong trào 6 tháng", D(year, 6, 30)),
            DeadlineSpec("Gửi hồ sơ đề nghị công nhận về LĐLĐ tỉnh", D(year, 8, 5)),
            DeadlineSpec(
                "Đánh giá, ghi nhận, vinh danh sáng kiến, ý tưởng mới tiêu biểu (tháng 12)",
                D(year, 12, 31),
            ),
            DeadlineSpec("Báo cáo kết quả thực hiện phong trào năm", D(year, 12, 31)),
        ),
        target=None,
    )


DKST_2024 = CampaignSpec(
    code="DKST-2024",
    name="Đoàn kết sáng tạo, nâng cao năng suất, chất lượng, hiệu quả, hội nhập quốc tế",
    # Seed 000 line 3 prints "Số: /KH-LĐLĐ": the number was left blank; kept blank here.
    plan_number="/KH-LĐLĐ",
    # Seed 000 line 5: "ngày tháng 01 năm 2024", the day is blank. Choice: 02/01/2024, the
    # first working day of 2024 (the plan answers the Front's plan of 22/12/2023, line 11).
    plan_date=D(2024, 1, 2),
    # Seed 000 lines 5, 9, 11: the plan of the province federation of Ninh Thuận.
    plan_issuer="Liên đoàn Lao động tỉnh Ninh Thuận",
    starts_on=D(2024, 1, 1),
    # Choice: the plan is yearly with no end ("hàng năm"); the demo holds 2024 and 2025.
    ends_on=D(2025, 12, 31),
    nomination_limit=None,
    # Seed 000 line 39: every author or group registers "ít nhất 01 sáng kiến" - that is per
    # registrant, not per grassroots union, so no per-CĐCS minimum.
    min_per_grassroots=None,
    description_limit=1000,
    province_target=None,
    periods=(_dkst_year(2024), _dkst_year(2025)),
    fields=FIELDS_DKST,
    source_seed="000",
    notes=(
        "Công đoàn cấp trên trực tiếp cơ sở tổng hợp danh sách đăng ký, ký xác nhận gửi LĐLĐ"
        " tỉnh để gửi Hội đồng thẩm định sáng kiến, ý tưởng mới của Ủy ban MTTQ Việt Nam tỉnh;"
        " Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh quyết định công nhận, biểu dương, tôn vinh."
    ),
)

NGHIN75_2021 = CampaignSpec(
    code="75NGHIN-2021",
    name="75 nghìn sáng kiến, vượt khó, phát triển",
    # Seed 002 shows neither number nor date (its header is cut). Choice: the blank number
    # with the federation's usual symbol, and 01/03/2021, which lies between the guidance it
    # applies (Công văn 1653/TLĐ of 25/02/2021, line 3) and the peak from 10/3 (line 69).
    plan_number="/KH-LĐLĐ",
    plan_date=D(2021, 3, 1),
    plan_issuer="Liên đoàn Lao động tỉnh Đắk Nông",  # seed 002 line 3
    # Seed 002 line 70: initiatives must start to be applied "từ tháng 2 đến tháng 5/2021".
    starts_on=D(2021, 2, 1),
    ends_on=D(2021, 5, 31),
    nomination_limit=2,  # seed 002 line 74: "không quá 02 sáng kiến"
    # Seed 002 line 9 says "mỗi CĐCS 01 sáng kiến", line 20 "bình quân mỗi công đoàn cơ sở có
    # ít nhất 01 sáng kiến" (on average). Choice: 1 per grassroots union.
    min_per_grassroots=1,
    description_limit=1000,  # seed 002 line 65: "tối đa 1.000 ký tự"
    province_target=750,  # seed 002 line 9
    periods=(
        PeriodSpec(
            name="Năm 2021",
            count_from=D(2021, 2, 1),
            count_to=D(2021, 5, 31),
            deadlines=(
                # Seed 002 line 83: "trước ngày 10/4/2021", modelled as due on 10/4.
                DeadlineSpec(
                    "Gửi hồ sơ xét chọn (tờ trình, bảng tổng hợp tóm tắt sáng kiến) về LĐLĐ tỉnh",
                    D(2021, 4, 10),
                ),
                # Seed 002 lines 9, 69: target by 20/4/2021; the online form closes that day.
                DeadlineSpec(
                    "Cập nhật sáng kiến lên phần mềm của Tổng Liên đoàn (đóng sau 24h)",
                    D(2021, 4, 20),
                ),
                # Seed 002 line 34: honour authors when Tháng Công nhân (May) is reviewed.
                # Choice: due on the last day of May.
                DeadlineSpec("Biểu dương khi tổng kết Tháng Công nhân năm 2021", D(2021, 5, 31)),
            ),
            target=750,
            # Seed 002 line 9: "Phấn đấu đến ngày 20/4/2021 toàn tỉnh có 750 sáng kiến";
            # line 69: "tự động đóng sau 24h ngày 20/4/2021". The window stays 2-5/2021.
            target_on=D(2021, 4, 20),
            entries_close_on=D(2021, 4, 20),
        ),
    ),
    fields=FIELDS_75NGHIN,
    source_seed="002",
    # Seed 002 line 78: "Hồ sơ xét chọn bao gồm: Tờ trình …; Bảng tổng hợp tóm tắt sáng kiến".
    dossier="submission",
    notes=(
        "Sáng kiến có thể nghiên cứu, đề xuất trước tháng 2/2021 nhưng phải bắt đầu triển khai"
        " thực tế từ tháng 2 đến tháng 5/2021; hồ sơ hợp lệ là hồ sơ nộp đúng hạn, đầy đủ, không"
        " có khiếu nại về nội dung, kết quả và không có tranh chấp về quyền tác giả."
    ),
)

TRIEU01_2022 = CampaignSpec(
    code="01TRIEU-2022",
    name=(
        "01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19"
    ),
    # Seed 003 has no "Số:" line. Choice: the blank number with the symbol the same
    # federation uses for its plans ("Kế hoạch số 268/KH - LĐLĐ", line 49).
    plan_number="/KH-LĐLĐ",
    plan_date=D(2022, 1, 13),  # seed 003 line 3
    plan_issuer="Liên đoàn Lao động tỉnh Lai Châu",  # seed 003 line 100
    # Seed 003 line 23 says "Năm 2022 - 2023", but phase 1 counts from 01/9/2021 (line 27)
    # and phase 2 ends in 9/2023 (line 29). Choice: the campaign spans all counting windows.
    starts_on=D(2021, 9, 1),
    ends_on=D(2023, 9, 30),
    nomination_limit=None,
    min_per_grassroots=None,
    description_limit=1000,
    province_target=2300,  # seed 003 line 25
    periods=(
        PeriodSpec(
            name="Giai đoạn 1 (2022)",
            count_from=D(2021, 9, 1),  # seed 003 line 27: "tính từ 01/9/2021 đến 31/5/2022"
            count_to=D(2022, 5, 31),
            deadlines=(
                DeadlineSpec(
                    "Hoàn thành chỉ tiêu giai đoạn 1 (hết tháng 5/2022, Tháng Công nhân)",
                    D(2022, 5, 31),
                ),
            ),
            target=1200,
        ),
        PeriodSpec(
            name="Giai đoạn 2 (2023)",
            # Seed 003 line 29: "từ tháng 6/2022 đến 9/2023", months only. Choice: 01/6/2022
            # to 30/9/2023, the last day of the month.
            count_from=D(2022, 6, 1),
            count_to=D(2023, 9, 30),
            deadlines=(
                DeadlineSpec("Hoàn thành chỉ tiêu giai đoạn 2 (hết tháng 9/2023)", D(2023, 9, 30)),
            ),
            target=1100,
        ),
    ),
    fields=FIELDS_01TRIEU,
    source_seed="003",
    notes=(
        "Các công đoàn cơ sở thành lập “Tổ hỗ trợ sáng kiến” để hướng dẫn cá nhân lập hồ sơ"
        " đề nghị; LĐLĐ tỉnh khen thưởng đột xuất, giai đoạn cho các đơn vị có sáng kiến vượt"
        " chỉ tiêu được giao."
    ),
)

CAMPAIGNS: tuple[CampaignSpec, ...] = (TRIEU01_2022, NGHIN75_2021, DKST_2024)


def campaign(code: str) -> CampaignSpec:
    """The campaign with this code; KeyError if there is none."""
    for spec in CAMPAIGNS:
        if spec.code == code:
            return spec
    raise KeyError(code)


# ---------------------------------------------------------------------------------------------
# Units of Lai Châu (quota table at the end of seed 003, resources/demo/quotas_*.csv)
# ---------------------------------------------------------------------------------------------

SUPERIOR_BODY = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"

PROVINCE = UnitSpec(
    code="LC",
    name="Liên đoàn Lao động tỉnh Lai Châu",
    short_name="LĐLĐ tỉnh Lai Châu",
    kind="province",
    quota_whole=2300,
    quota_2022=1200,
    quota_2023=1100,
)

# In the order of the table (column TT): code, full name, name as in the table, kind,
# quota for the whole period, for 2022 (phase 1) and for 2023 (phase 2).
_LDLD = "Liên đoàn Lao động "

# fmt: off
_DISTRICT_ROWS: tuple[tuple[str, str, str, UnitKindName, int, int, int], ...] = (
    ("LC-PT", _LDLD + "huyện Phong Thổ",
     "LĐLĐ huyện Phong Thổ", "district", 265, 135, 130),
    ("LC-SH", _LDLD + "huyện Sìn Hồ",
     "LĐLĐ huyện Sìn Hồ", "district", 250, 130, 120),
    ("LC-THU", _LDLD + "huyện Than Uyên",
     "LĐLĐ huyện Than Uyên", "district", 240, 115, 125),
    ("LC-TP", _LDLD + "thành phố Lai Châu",
     "LĐLĐ Thành phố", "district", 200, 130, 70),
    ("LC-TD", _LDLD + "huyện Tam Đường",
     "LĐLĐ huyện Tam Đường", "district", 180, 95, 85),
    ("LC-TNU", _LDLD + "huyện Tân Uyên",
     "LĐLĐ huyện Tân Uyên", "district", 180, 95, 85),
    ("LC-MT", _LDLD + "huyện Mường Tè",
     "LĐLĐ huyện Mường Tè", "district", 180, 95, 85),
    ("LC-NN", _LDLD + "huyện Nậm Nhùn",
     "LĐLĐ huyện Nậm Nhùn", "district", 130, 65, 65),
    ("LC-CDVC", "Công đoàn Viên chức tỉnh Lai Châu",
     "Công đoàn Viên chức", "public_employees", 280, 140, 140),
    ("LC-YT", "Công đoàn ngành Y tế tỉnh Lai Châu",
     "Công đoàn ngành Y tế", "sector", 280, 140, 140),
    ("LC-GD", "Công đoàn ngành Giáo dục tỉnh Lai Châu",
     "Công đoàn ngành Giáo dục", "sector", 115, 60, 55),
)
# fmt: on

DISTRICT_UNITS: tuple[UnitSpec, ...] = tuple(UnitSpec(*row) for row in _DISTRICT_ROWS)


def unit(code: str) -> UnitSpec:
    """The province or the district-level unit with this code; KeyError if there is none."""
    for spec in (PROVINCE, *DISTRICT_UNITS):
        if spec.code == code:
            return spec
    raise KeyError(code)


# Grassroots unions. Communes and wards are public place names of each district (before the
# 2025 reorganisation); public bodies are named by their function; every enterprise and
# cooperative name is invented and generic.
_CDCS = "Công đoàn cơ sở "

_GRASSROOTS: dict[str, tuple[str, ...]] = {
    "LC-PT": (
        "Ủy ban nhân dân huyện Phong Thổ",
        "Ủy ban nhân dân xã Mường So",
        "Trường Trung học cơ sở Dào San",
        "Trường Tiểu học Khổng Lào",
        "Trường Mầm non Bản Lang",
        "Công ty Cổ phần Vật liệu xây dựng Tân Tiến",
    ),
    "LC-SH": (
        "Ủy ban nhân dân huyện Sìn Hồ",
        "Ủy ban nhân dân thị trấn Sìn Hồ",
        "Trường Tiểu học Nậm Tăm",
        "Trường Phổ thông Dân tộc bán trú Trung học cơ sở Noong Hẻo",
        "Trường Mầm non Chăn Nưa",
    ),
    "LC-THU": (
        "Ủy ban nhân dân huyện Than Uyên",
        "Ủy ban nhân dân xã Mường Than",
        "Trường Trung học cơ sở Phúc Than",
        "Trường Tiểu học Mường Cang",
        "Công ty Cổ phần Chè Đồi Xanh",
        "Hợp tác xã Nông nghiệp Hòa Bình",
    ),
    "LC-TP": (
        "Ủy ban nhân dân thành phố Lai Châu",
        "Ủy ban nhân dân phường Tân Phong",
        "Ủy ban nhân dân phường Đoàn Kết",
        "Trường Trung học cơ sở Quyết Thắng",
        "Trường Mầm non Đông Phong",
        "Công ty Cổ phần Cấp thoát nước và Môi trường Đô thị Xanh",
        "Công ty TNHH Xây dựng và Thương mại Hưng Thịnh",
    ),
    "LC-TD": (
        "Ủy ban nhân dân huyện Tam Đường",
        "Ủy ban nhân dân xã Bình Lư",
        "Trường Tiểu học Bản Bo",
        "Trường Trung học cơ sở Nà Tăm",
        "Công ty TNHH Chè Vùng Cao An Phú",
    ),
    "LC-TNU": (
        "Ủy ban nhân dân huyện Tân Uyên",
        "Ủy ban nhân dân xã Thân Thuộc",
        "Trường Tiểu học Trung Đồng",
        "Trường Mầm non Phúc Khoa",
        "Công ty Cổ phần Chè Bình Minh",
        "Công ty TNHH Thủy điện Suối Mây",
    ),
    "LC-MT": (
        "Ủy ban nhân dân huyện Mường Tè",
        "Ủy ban nhân dân xã Bum Nưa",
        "Trường Phổ thông Dân tộc bán trú Tiểu học Ka Lăng",
        "Trường Trung học cơ sở Bum Tở",
        "Trường Mầm non Thu Lũm",
    ),
    "LC-NN": (
        "Ủy ban nhân dân huyện Nậm Nhùn",
        "Ủy ban nhân dân xã Mường Mô",
        "Trường Tiểu học Nậm Hàng",
        "Trường Trung học cơ sở Lê Lợi",
        "Công ty Cổ phần Xây lắp Điện Phát Đạt",
    ),
    "LC-CDVC": (
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở Kế hoạch và Đầu tư",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ),
    "LC-YT": (
        "Bệnh viện Đa khoa tỉnh Lai Châu",
        "Trung tâm Kiểm soát bệnh tật tỉnh Lai Châu",
        "Trung tâm Y tế huyện Phong Thổ",
        "Trung tâm Y tế huyện Than Uyên",
        "Trung tâm Y tế huyện Mường Tè",
        "Trung tâm Y tế huyện Tân Uyên",
    ),
    "LC-GD": (
        "Cơ quan Sở Giáo dục và Đào tạo",
        "Trường Trung học phổ thông Chuyên Lê Quý Đôn",
        "Trường Phổ thông Dân tộc nội trú tỉnh",
        "Trường Trung học phổ thông Thành phố Lai Châu",
        "Trường Trung học phổ thông Phong Thổ",
        "Trường Trung học phổ thông Than Uyên",
    ),
}


def grassroots_names(district: UnitSpec) -> list[str]:
    """4 to 7 grassroots unions ("Công đoàn cơ sở …") of a district-level unit, always the same."""
    try:
        places = _GRASSROOTS[district.code]
    except KeyError:
        raise ValueError(f"no grassroots unions for unit {district.code!r}") from None
    return [_CDCS + place for place in places]


# ---------------------------------------------------------------------------------------------
# Pools for plausible initiatives (deterministic given the random.Random passed in)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Family:
    """Title templates ("{}" is the object), the objects they fit, and optional places.

    A place is added only to a title that names no place yet (no " tại " or " ở " in it).
    """

    templates: tuple[str, ...]
    objects: tuple[str, ...]
    places: tuple[str, ...] = ("",)

    @property
    def size(self) -> int:
        return len(self.templates) * len(self.objects) * len(set(self.places))


_ADMIN = _Family(
    templates=(
        "Giải pháp số hóa công tác {}",
        "Cải tiến quy trình {}",
        "Ứng dụng phần mềm trong {}",
        "Nâng cao hiệu quả công tác {}",
        "Giải pháp nâng cao chất lượng {}",
        "Chuẩn hóa biểu mẫu phục vụ {}",
        "Ứng dụng chữ ký số trong {}",
        "Xây dựng cơ sở dữ liệu phục vụ {}",
        "Đổi mới phương thức {}",
    ),
    objects=(
        "tiếp nhận và trả kết quả thủ tục hành chính",
        "quản lý văn bản đi, văn bản đến",
        "lưu trữ hồ sơ cán bộ, công chức",
        "theo dõi, đôn đốc thực hiện nhiệm vụ được giao",
        "tổng hợp báo cáo định kỳ",
        "quản lý tài sản công",
        "thẩm định hồ sơ đất đai",
        "giải quyết thủ tục hộ tịch",
        "quản lý hồ sơ đảng viên",
        "lấy ý kiến người dân về chất lượng phục vụ",
        "lập dự toán và quyết toán ngân sách",
        "kiểm soát chi thường xuyên",
        "chuẩn bị tài liệu các cuộc họp",
        "tiếp công dân và xử lý đơn thư",
        "quản lý hồ sơ người có công",
        "theo dõi chi trả trợ cấp xã hội",
        "cập nhật dữ liệu dân cư",
        "rà soát hộ nghèo, hộ cận nghèo",
        "đánh giá, xếp loại cán bộ, công chức",
    ),
    places=(
        "",
        "",
        " tại Ủy ban nhân dân cấp xã",
        " tại cơ quan chuyên môn cấp huyện",
        " tại cơ quan, đơn vị",
        " ở các xã vùng cao",
        " tại cơ quan Sở",
    ),
)

_MACHINES = _Family(
    templates=(
        "Cải tiến {}",
        "Cải tiến {} nhằm nâng cao năng suất lao động",
        "Giải pháp nâng cao hiệu suất {}",
        "Giải pháp tiết kiệm điện năng cho {}",
        "Tối ưu hóa quy trình vận hành {}",
        "Tối ưu hóa chế độ bảo dưỡng {}",
        "Giải pháp kéo dài tuổi thọ {}",
        "Ứng dụng cảm biến giám sát {}",
        "Nội địa hóa vật tư thay thế cho {}",
    ),
    objects=(
        "máy sao chè",
        "dây chuyền chế biến chè xanh",
        "hệ thống băng tải vận chuyển đá",
        "máy nghiền đá",
        "tổ máy thủy điện nhỏ",
        "trạm trộn bê tông",
        "máy ép gạch không nung",
        "hệ thống bơm nước tưới",
        "lò sấy nông sản",
        "hệ thống xử lý nước cấp sinh hoạt",
        "trạm biến áp phân phối",
        "máy xay xát gạo",
        "dây chuyền đóng gói sản phẩm",
        "máy phát điện dự phòng",
        "hệ thống chiếu sáng công cộng",
        "xe tải vận chuyển nguyên liệu",
        "máy cưa xẻ gỗ",
        "hệ thống lò đốt than sinh học",
    ),
    places=("", "", " tại doanh nghiệp", " tại đơn vị", " ở vùng cao"),
)

_PROCESSES = _Family(
    templates=(
        "Hợp lý hóa {}",
        "Giải pháp giảm hao hụt trong {}",
        "Áp dụng phương pháp 5S trong {}",
        "Giải pháp rút ngắn thời gian {}",
        "Cải tiến cách tổ chức {}",
    ),
    objects=(
        "khâu thu hái và vận chuyển chè búp tươi",
        "khâu phân loại sản phẩm",
        "khâu nhập kho vật tư",
        "lắp đặt đồng hồ nước cho hộ gia đình",
        "bảo trì đường giao thông nông thôn",
        "khâu đóng gói thành phẩm",
        "thi công kè chống sạt lở",
        "khâu sơ chế dược liệu",
        "khâu bốc dỡ nguyên liệu",
        "khâu kiểm tra chất lượng đầu vào",
        "giao nhận hàng hóa",
        "lập kế hoạch sản xuất hằng tháng",
        "khâu phơi sấy nông sản",
        "quản lý vật tư tiêu hao",
    ),
    places=("", "", " tại doanh nghiệp", " tại đơn vị"),
)

_DEVICES = _Family(
    templates=(
        "Nghiên cứu, chế tạo {}",
        "Thiết kế và chế tạo {}",
        "Chế tạo thử nghiệm {}",
        "Cải tiến và chế tạo {}",
        "Chế tạo {} từ vật liệu sẵn có tại địa phương",
    ),
    objects=(
        "máy vò chè mini cho hộ gia đình",
        "máy tách hạt ngô cầm tay",
        "giàn phơi nông sản có mái che di động",
        "xe đẩy vận chuyển vật liệu trên địa hình dốc",
        "bộ đồ dùng trực quan dạy học môn Khoa học",
        "mô hình mô phỏng hệ Mặt Trời",
        "giá đỡ truyền dịch di động",
        "thiết bị báo mực nước lũ",
        "máy cắt cỏ cải tiến",
        "tủ sấy dụng cụ y tế",
        "bếp đun cải tiến tiết kiệm củi",
        "máy thái dong riềng",
        "máng ăn tự động cho gia súc",
        "bộ thí nghiệm điện học cho học sinh",
        "cáng cứu thương gấp gọn",
        "thiết bị tưới nhỏ giọt cho vườn chè",
        "máy băm cỏ làm thức ăn gia súc",
        "bộ mô hình dạy học hình học không gian",
        "thiết bị đo nhiệt độ lò sấy",
        "xe lăn cải tiến cho người bệnh",
    ),
)

_GOODS = _Family(
    templates=(
        "Phát triển sản phẩm {}",
        "Xây dựng quy trình sản xuất {}",
        "Cải tiến bao bì {}",
        "Xây dựng nhãn hiệu cho {}",
        "Nâng cao chất lượng {}",
    ),
    objects=(
        "trà shan tuyết túi lọc",
        "miến dong đóng gói",
        "mật ong rừng đóng chai",
        "thảo quả sấy khô",
        "cá suối sấy",
        "măng khô",
        "tinh dầu quế",
        "chè đen đóng hộp",
        "nấm hương khô",
        "thịt lợn gác bếp",
        "gạo nếp đóng túi",
        "hạt mắc ca sấy",
        "rau an toàn",
        "thổ cẩm truyền thống",
        "chè shan tuyết ép bánh",
    ),
    places=("", " của hợp tác xã", " của doanh nghiệp địa phương"),
)

_CROPS = _Family(
    templates=(
        "Mô hình trồng {} dưới tán rừng",
        "Quy trình nhân giống {}",
        "Kỹ thuật trồng thâm canh {}",
        "Mô hình liên kết sản xuất {}",
    ),
    objects=(
        "thảo quả",
        "sa nhân tím",
        "sâm Lai Châu",
        "chè shan tuyết",
        "chè Kim Tuyên",
        "quế",
        "mắc ca",
        "dong riềng",
        "lúa nếp Tan",
        "cây dược liệu",
    ),
    places=("", " tại hợp tác xã", " ở vùng cao", " cho hộ đồng bào dân tộc thiểu số"),
)

_SOFTWARE = _Family(
    templates=("Xây dựng {}", "Phát triển {}", "Thiết kế và triển khai {}", "Ứng dụng {}"),
    objects=(
        "phần mềm quản lý thiết bị y tế",
        "ứng dụng tra cứu thủ tục hành chính trên điện thoại",
        "kho học liệu số môn Tiếng Việt",
        "bộ bài giảng điện tử môn Lịch sử",
        "trang thông tin điện tử của Công đoàn cơ sở",
        "phần mềm quản lý thư viện trường học",
        "phần mềm nhắc lịch tái khám cho người bệnh",
        "phần mềm quản lý học sinh bán trú",
        "bản đồ số các điểm trường",
        "phần mềm quản lý kho vật tư",
    ),
)

_SAFETY = _Family(
    templates=(
        "Giải pháp bảo đảm an toàn khi {}",
        "Cải tiến phương tiện bảo vệ cá nhân khi {}",
        "Xây dựng quy trình an toàn khi {}",
        "Giải pháp phòng ngừa tai nạn lao động khi {}",
        "Lắp đặt hệ thống cảnh báo nguy hiểm khi {}",
    ),
    objects=(
        "làm việc trên cao",
        "vận hành máy nghiền đá",
        "sửa chữa đường dây điện",
        "thi công trên sườn đồi dốc",
        "phun thuốc bảo vệ thực vật",
        "vận hành lò hơi",
        "khai thác đá",
        "xử lý chất thải y tế",
        "bốc xếp hàng hóa",
        "làm việc trong không gian hạn chế",
        "vận hành xe nâng hàng",
        "hàn cắt kim loại",
        "sử dụng hóa chất trong phòng thí nghiệm",
        "vận hành thiết bị áp lực",
        "làm việc gần khu vực có nguy cơ sạt lở",
    ),
    places=("", "", " tại doanh nghiệp", " tại đơn vị"),
)

_ENVIRONMENT = _Family(
    templates=(
        "Giải pháp xử lý {}",
        "Giải pháp giảm thiểu {}",
        "Mô hình quản lý {}",
        "Kiểm soát ô nhiễm từ {}",
        "Ứng dụng chế phẩm sinh học xử lý {}",
    ),
    objects=(
        "rác thải sinh hoạt",
        "nước thải chế biến nông sản",
        "chất thải nhựa",
        "bã chè sau chế biến",
        "chất thải rắn y tế",
        "tro xỉ lò hơi",
        "dầu thải từ xưởng sửa chữa",
        "bao bì thuốc bảo vệ thực vật",
        "phế phẩm nông nghiệp",
        "nước thải sinh hoạt",
        "bùn thải từ hệ thống xử lý nước",
    ),
    places=("", " tại cơ quan", " tại doanh nghiệp", " tại trường học", " ở khu dân cư"),
)

_EDUCATION = _Family(
    templates=(
        "Một số biện pháp {}",
        "Kinh nghiệm {}",
        "Giải pháp {}",
        "Ứng dụng công nghệ thông tin để {}",
        "Vận dụng phương pháp dạy học tích cực để {}",
    ),
    objects=(
        "nâng cao chất lượng dạy học môn Toán cho học sinh dân tộc thiểu số",
        "rèn kỹ năng đọc hiểu cho học sinh lớp 3",
        "duy trì sĩ số học sinh bán trú",
        "tăng cường tiếng Việt cho trẻ mầm non người dân tộc thiểu số",
        "phát triển kỹ năng sống cho học sinh bán trú",
        "giáo dục ý thức bảo vệ môi trường cho học sinh",
        "phụ đạo học sinh yếu môn Tiếng Anh",
        "tổ chức hoạt động trải nghiệm cho học sinh trung học cơ sở",
        "phối hợp với cha mẹ học sinh trong quản lý học sinh bán trú",
        "bồi dưỡng học sinh giỏi môn Ngữ văn",
        "dạy học môn Lịch sử gắn với di tích địa phương",
        "nâng cao chất lượng ôn thi tốt nghiệp trung học phổ thông",
        "giáo dục kỹ năng phòng tránh đuối nước cho học sinh",
        "rèn chữ viết cho học sinh lớp 1",
        "xây dựng thư viện thân thiện",
        "giáo dục an toàn giao thông cho học sinh",
        "phát triển ngôn ngữ cho trẻ 5 tuổi",
        "tổ chức câu lạc bộ em yêu khoa học",
    ),
    places=("", "", " ở điểm trường vùng cao", " ở trường vùng đặc biệt khó khăn"),
)

_HEALTH = _Family(
    templates=(
        "Giải pháp nâng cao chất lượng {}",
        "Nâng cao hiệu quả {}",
        "Cải tiến quy trình {}",
        "Ứng dụng công nghệ thông tin trong {}",
        "Kinh nghiệm {}",
    ),
    objects=(
        "tiêm chủng mở rộng",
        "quản lý người bệnh tăng huyết áp",
        "khám sàng lọc bệnh không lây nhiễm",
        "chăm sóc sức khỏe bà mẹ và trẻ em người dân tộc thiểu số",
        "cấp phát thuốc ngoại trú",
        "đón tiếp người bệnh",
        "truyền thông phòng, chống suy dinh dưỡng trẻ em",
        "quản lý hồ sơ sức khỏe điện tử",
        "chuyển tuyến người bệnh cấp cứu",
        "kiểm soát nhiễm khuẩn",
        "quản lý người bệnh đái tháo đường",
        "chăm sóc người bệnh sau phẫu thuật",
        "quản lý thai nghén",
        "phòng, chống sốt xuất huyết",
        "khám chữa bệnh bảo hiểm y tế",
        "quản lý thuốc và vật tư y tế",
    ),
    places=("", "", " tại trạm y tế xã", " tại Trung tâm Y tế huyện", " tại bệnh viện tỉnh"),
)

_COMMUNITY = _Family(
    templates=(
        "Xây dựng mô hình {}",
        "Vận động xã hội hóa {}",
        "Duy trì và nhân rộng {}",
        "Huy động nguồn lực xây dựng {}",
    ),
    objects=(
        "tủ sách dùng chung cho học sinh bản xa",
        "góc sơ cứu ban đầu",
        "nhà vệ sinh hợp vệ sinh cho điểm trường",
        "công trình nước sạch cho điểm trường lẻ",
        "quỹ áo ấm mùa đông cho học sinh vùng cao",
        "bữa ăn trưa cho học sinh bán trú",
        "sân chơi cho trẻ em",
        "góc truyền thông dinh dưỡng",
        "tủ thuốc cộng đồng",
        "lớp học xóa mù chữ cho người lớn",
    ),
    places=("", " ở xã vùng cao", " ở xã biên giới", " ở thôn, bản đặc biệt khó khăn"),
)

_PANDEMIC = _Family(
    templates=(
        "Giải pháp {}",
        "Nâng cao hiệu quả {}",
        "Kinh nghiệm {}",
        "Ứng dụng công nghệ thông tin trong {}",
        "Mô hình {}",
        "Cải tiến cách thức {}",
    ),
    objects=(
        "khai báo y tế",
        "sàng lọc, phân luồng người nghi nhiễm Covid-19",
        "tổ chức tiêm vắc xin phòng Covid-19",
        "vừa sản xuất vừa phòng, chống dịch Covid-19",
        "chăm sóc người lao động mắc Covid-19",
        "quản lý người cách ly",
        "dạy học trực tuyến trong thời gian giãn cách ở trường vùng cao",
        "hỗ trợ người lao động bị ảnh hưởng bởi dịch Covid-19",
        "bảo đảm nhu yếu phẩm cho người lao động trong thời gian phong tỏa",
        "xét nghiệm nhanh kháng nguyên",
        "khử khuẩn nơi làm việc",
        "truyền thông phòng, chống dịch Covid-19",
        "thực hiện phương án “3 tại chỗ”",
        "theo dõi sức khỏe người lao động trở lại làm việc",
        "bố trí chỗ ở tạm cho công nhân trong thời gian giãn cách",
        "tổ chức bữa ăn ca an toàn",
        "điều trị người bệnh Covid-19 có bệnh nền",
        "lập bản đồ nguy cơ lây nhiễm",
        "tiếp nhận hàng hóa qua cửa khẩu an toàn",
        "phối hợp truy vết các trường hợp tiếp xúc gần",
    ),
    places=(
        "",
        "",
        " tại cơ quan, đơn vị",
        " tại doanh nghiệp",
        " trên địa bàn huyện",
        " ở khu vực biên giới",
    ),
)

_PANDEMIC_DEVICES = _Family(
    templates=("Chế tạo {}", "Thiết kế, lắp đặt {}", "Cải tiến {}", "Chế tạo thử nghiệm {}"),
    objects=(
        "buồng khử khuẩn di động",
        "máy rửa tay sát khuẩn tự động không chạm",
        "buồng lấy mẫu xét nghiệm áp lực dương",
        "xe đẩy cấp phát suất ăn cho người cách ly",
        "tấm chắn giọt bắn cho bàn tiếp dân",
        "máy phun khử khuẩn đeo vai",
    ),
    places=("", " tại trạm y tế", " tại khu cách ly tập trung", " tại doanh nghiệp"),
)

_UNION = _Family(
    templates=(
        "Giải pháp nâng cao chất lượng {}",
        "Đổi mới phương thức {}",
        "Ứng dụng công nghệ thông tin trong {}",
        "Kinh nghiệm {}",
        "Cải tiến cách thức {}",
        "Nâng cao hiệu quả {}",
    ),
    objects=(
        "quản lý hồ sơ đoàn viên",
        "phát triển đoàn viên ở doanh nghiệp ngoài nhà nước",
        "thu, nộp kinh phí công đoàn và đoàn phí",
        "tổ chức Hội nghị cán bộ, công chức, viên chức",
        "đối thoại giữa người lao động và người sử dụng lao động",
        "chăm lo đời sống đoàn viên có hoàn cảnh khó khăn",
        "tuyên truyền pháp luật lao động cho công nhân",
        "tổ chức các hoạt động Tháng Công nhân",
        "thương lượng, ký kết thỏa ước lao động tập thể",
        "kiểm tra, giám sát tài chính công đoàn",
        "xây dựng nhà “Mái ấm Công đoàn”",
        "sinh hoạt công đoàn tổ",
        "giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp",
        "tổ chức phong trào thi đua “Lao động giỏi, Lao động sáng tạo”",
        "bồi dưỡng nghiệp vụ cho cán bộ công đoàn cơ sở",
        "tổ chức Tết Sum vầy cho công nhân",
        "xây dựng Quỹ trợ vốn cho đoàn viên",
        "tổ chức chương trình phúc lợi cho đoàn viên",
        "giới thiệu việc làm cho người lao động",
        "tư vấn pháp luật cho đoàn viên",
    ),
    places=(
        "",
        "",
        " trong tình hình mới",
        " giai đoạn hiện nay",
        " gắn với chuyển đổi số",
        " tại Công đoàn cơ sở",
        " ở khu vực hành chính sự nghiệp",
    ),
)

_DEFENCE = _Family(
    templates=(
        "Giải pháp nâng cao hiệu quả {}",
        "Nâng cao chất lượng {}",
        "Kinh nghiệm {}",
        "Đổi mới hình thức {}",
        "Ứng dụng công nghệ thông tin trong {}",
    ),
    objects=(
        "huấn luyện lực lượng tự vệ cơ quan",
        "bảo vệ an ninh, trật tự",
        "phòng cháy, chữa cháy",
        "tuần tra bảo vệ tài sản",
        "giáo dục quốc phòng và an ninh cho đoàn viên",
        "phối hợp giữa công đoàn và lực lượng tự vệ",
        "diễn tập phương án cứu hộ, cứu nạn",
        "quản lý, bảo quản trang bị của lực lượng tự vệ",
        "phòng, chống tội phạm ma túy",
        "tuyên truyền bảo vệ chủ quyền biên giới quốc gia",
    ),
    places=("", " tại cơ quan", " tại doanh nghiệp", " ở xã biên giới"),
)

_FIELD_FAMILIES: dict[str, tuple[_Family, ...]] = {
    "lam-loi-cao": (_MACHINES, _PROCESSES),
    "san-pham-moi": (_DEVICES, _GOODS, _CROPS, _SOFTWARE),
    "atvsld-moi-truong": (_SAFETY, _ENVIRONMENT),
    "cchc-xay-dung-dang": (_ADMIN,),
    "vi-cong-dong": (_EDUCATION, _HEALTH, _COMMUNITY),
    "phong-chong-dich": (_PANDEMIC, _PANDEMIC_DEVICES),
    "phat-trien-ktxh": (_MACHINES, _PROCESSES, _GOODS, _CROPS, _ADMIN),
    "doi-moi-cong-doan": (_UNION,),
    "dkst-he-thong-chinh-tri": (_ADMIN, _UNION),
    "dkst-nang-suat": (_MACHINES, _PROCESSES, _DEVICES, _CROPS),
    "dkst-su-nghiep": (_EDUCATION, _HEALTH, _SOFTWARE),
    "dkst-vu-trang": (_DEFENCE,),
}


def _families(field_code: str) -> tuple[_Family, ...]:
    try:
        return _FIELD_FAMILIES[field_code]
    except KeyError:
        raise ValueError(f"unknown field code {field_code!r}") from None


def initiative_title(rng: random.Random, field_code: str) -> str:
    """A plausible title of an initiative in this field (a code of CAMPAIGNS' fields)."""
    families = _families(field_code)
    # Weighted by size, so that every title of the field is about equally likely.
    family = rng.choices(families, weights=[f.size for f in families])[0]
    title = rng.choice(family.templates).format(rng.choice(family.objects))
    place = rng.choice(family.places)
    if " tại " in title or " ở " in title:
        return title
    return title + place


# Names: generic pools (Kinh, Thái and Mông naming patterns common in the north-west),
# middle names agree with gender. Not the name of anyone in the seeds.
@dataclass(frozen=True, slots=True)
class _NamePool:
    families: tuple[str, ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_givens: tuple[str, ...]
    female_givens: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A name repeated in a pool is drawn more often.
_KINH = _NamePool(
    families=_words(
        "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô Dương Đinh Hà Phan"
    ),
    male_middles=_words("Văn Văn Đức Minh Quang Hữu Xuân Công Mạnh Tiến"),
    female_middles=_words("Thị Thị Thu Ngọc Hồng Phương Thúy Bích Mai"),
    male_givens=_words(
        "Hùng Bình Dũng Cường Nam Tuấn Thắng Sơn Khánh Phong Quân Trung Hiếu Toàn Huy Kiên Lâm Việt"
    ),
    female_givens=_words(
        "Lan Hương Hoa Hà Thảo Hằng Nga Linh Yến Trang Huyền Thủy Dung Nhung Loan Oanh Vân Liên"
    ),
)

_THAI = _NamePool(
    families=_words("Lò Lò Lường Tòng Điêu Quàng Cầm"),
    male_middles=_words("Văn Văn Văn Xuân"),
    female_middles=_words("Thị Thị Thị Thu"),
    male_givens=_words("Inh Pánh Chiến Quyết Thanh Sáng Ơn Lả Biên"),
    female_givens=_words("Ngân Xuân Phóng Ánh Nguyệt Xiêm Pọm Hiền"),
)

_HMONG = _NamePool(
    families=_words("Giàng Vàng Sùng Thào Lý Hầu Mùa"),
    male_middles=_words("A A Seo Văn"),
    female_middles=_words("Thị"),
    male_givens=_words("Páo Sử Chứ Dế Lử Pó Sình Tủa Chang"),
    female_givens=_words("Dợ Sua Chá Mai Dung Pàng Mỷ"),
)

_NAME_POOLS: tuple[tuple[_NamePool, float], ...] = ((_KINH, 0.6), (_THAI, 0.25), (_HMONG, 0.15))


def person_name(rng: random.Random) -> str:
    """A plausible Vietnamese full name: family, middle and given name, gender kept apart."""
    pools = [pool for pool, _ in _NAME_POOLS]
    pool = rng.choices(pools, weights=[w for _, w in _NAME_POOLS])[0]
    if rng.random() < 0.5:
        middle, given = rng.choice(pool.male_middles), rng.choice(pool.male_givens)
    else:
        middle, given = rng.choice(pool.female_middles), rng.choice(pool.female_givens)
    return f"{rng.choice(pool.families)} {middle} {given}"


# Positions by the kind of workplace, recognised from words in the unit's name (case-folded).
_JOBS_BY_KEYWORD: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("trường", "giáo dục"),
        (
            "Giáo viên",
            "Giáo viên",
            "Giáo viên",
            "Tổ trưởng chuyên môn",
            "Phó Hiệu trưởng",
            "Hiệu trưởng",
            "Nhân viên thư viện",
            "Nhân viên thiết bị",
            "Kế toán",
        ),
    ),
    (
        ("bệnh viện", "y tế", "bệnh tật"),
        (
            "Bác sĩ",
            "Bác sĩ",
            "Điều dưỡng",
            "Điều dưỡng",
            "Dược sĩ",
            "Y sĩ",
            "Hộ sinh",
            "Kỹ thuật viên xét nghiệm",
            "Trưởng khoa",
            "Kế toán",
        ),
    ),
    (
        ("công ty", "hợp tác xã", "nhà máy"),
        (
            "Công nhân",
            "Công nhân",
            "Công nhân vận hành",
            "Kỹ sư",
            "Tổ trưởng sản xuất",
            "Quản đốc phân xưởng",
            "Thợ cơ khí",
            "Nhân viên kỹ thuật",
            "Kế toán",
        ),
    ),
    (
        ("xã ", "phường ", "thị trấn "),
        (
            "Công chức Văn phòng - Thống kê",
            "Công chức Địa chính - Xây dựng",
            "Công chức Tư pháp - Hộ tịch",
            "Công chức Văn hóa - Xã hội",
            "Công chức Tài chính - Kế toán",
            "Phó Chủ tịch Ủy ban nhân dân",
        ),
    ),
    (
        ("sở ", "văn phòng", "ủy ban", "liên đoàn", "công đoàn"),
        (
            "Chuyên viên",
            "Chuyên viên",
            "Chuyên viên chính",
            "Trưởng phòng",
            "Phó Trưởng phòng",
            "Kế toán",
            "Văn thư",
            "Kỹ sư",
        ),
    ),
)
_JOBS_DEFAULT = ("Chuyên viên", "Nhân viên", "Kế toán", "Kỹ sư", "Công nhân")


def job_title(rng: random.Random, unit_name: str) -> str:
    """A plausible position of an author who works in the unit so named."""
    folded = unit_name.casefold() + " "
    for keywords, jobs in _JOBS_BY_KEYWORD:
        if any(word in folded for word in keywords):
            return rng.choice(jobs)
    return rng.choice(_JOBS_DEFAULT)


_PROBLEMS = (
    "Trước khi có sáng kiến, công việc tại đơn vị chủ yếu được làm thủ công, mất nhiều thời"
    " gian và dễ sai sót.",
    "Thực tế tại đơn vị cho thấy cách làm cũ tốn nhiều công sức, chi phí cao nhưng hiệu quả"
    " chưa tương xứng.",
    "Điều kiện làm việc ở địa bàn vùng cao còn nhiều khó khăn, việc phối hợp giữa các bộ phận"
    " chưa thật sự chặt chẽ.",
    "Qua theo dõi nhiều năm, tác giả nhận thấy cách làm hiện hành có một số khâu trùng lặp,"
    " chưa hợp lý.",
    "Yêu cầu công việc ngày càng cao, trong khi nhân lực và trang thiết bị của đơn vị còn hạn chế.",
)
_APPROACHES = (
    "Sáng kiến “{}” sắp xếp lại các bước thực hiện, phân công rõ trách nhiệm từng bộ phận và"
    " tận dụng trang thiết bị sẵn có.",
    "Tác giả đã nghiên cứu, thử nghiệm và hoàn thiện giải pháp “{}” với chi phí thấp, dễ"
    " thực hiện.",
    "Nội dung chính của sáng kiến “{}” là chuẩn hóa cách làm, hướng dẫn cụ thể cho người"
    " thực hiện và kiểm tra kết quả theo từng tháng.",
    "Giải pháp “{}” được xây dựng trên cơ sở góp ý của đồng nghiệp và được áp dụng thử"
    " trước khi triển khai toàn đơn vị.",
)
_RESULTS = (
    "Sau {m} tháng áp dụng, thời gian thực hiện công việc giảm khoảng {p}%, chất lượng được"
    " cấp trên đánh giá cao.",
    "Qua {m} tháng áp dụng thực tế, năng suất tăng khoảng {p}% và sai sót giảm rõ rệt.",
    "Sau {m} tháng áp dụng, chi phí của đơn vị giảm khoảng {p}%, người lao động đồng tình"
    " hưởng ứng.",
)
_SPREADS = (
    "Sáng kiến có thể nhân rộng tại các đơn vị có điều kiện tương tự trong tỉnh.",
    "Đơn vị đề nghị công đoàn cấp trên xem xét, công nhận và phổ biến rộng rãi.",
    "Giải pháp dễ áp dụng, không đòi hỏi đầu tư lớn, phù hợp với điều kiện miền núi.",
)

DESCRIPTION_LIMIT = 1000  # characters, the national online form (seed 002 line 65)


def description(rng: random.Random, title: str) -> str:
    """2 to 4 sentences describing the initiative, under DESCRIPTION_LIMIT characters."""
    sentences = [
        rng.choice(_PROBLEMS),
        rng.choice(_APPROACHES).format(title),
        rng.choice(_RESULTS).format(m=rng.randint(3, 18), p=rng.randrange(10, 55, 5)),
        rng.choice(_SPREADS),
    ]
    count = rng.randint(2, 4)
    sentences = sentences[1:3] if count == 2 else sentences[:count]
    text = " ".join(sentences)
    while len(text) >= DESCRIPTION_LIMIT and len(sentences) > 1:
        sentences.pop()
        text = " ".join(sentences)
    return text[: DESCRIPTION_LIMIT - 1]


# Share of initiatives whose benefit can be counted in money, and the range in VND. Fields not
# listed (community, union work, defence) bring no countable benefit.
_BENEFIT: dict[str, tuple[float, int, int]] = {
    "lam-loi-cao": (1.0, 10_000_000, 500_000_000),
    "san-pham-moi": (0.8, 5_000_000, 300_000_000),
    "atvsld-moi-truong": (0.5, 2_000_000, 150_000_000),
    "cchc-xay-dung-dang": (0.3, 2_000_000, 50_000_000),
    "phong-chong-dich": (0.4, 2_000_000, 100_000_000),
    "phat-trien-ktxh": (0.8, 5_000_000, 400_000_000),
    "dkst-he-thong-chinh-tri": (0.2, 2_000_000, 50_000_000),
    "dkst-nang-suat": (1.0, 10_000_000, 500_000_000),
    "dkst-su-nghiep": (0.3, 2_000_000, 80_000_000),
}
BENEFIT_MIN = 2_000_000
BENEFIT_MAX = 500_000_000


def _round_vnd(amount: float) -> int:
    step = 500_000 if amount < 20_000_000 else 1_000_000 if amount < 100_000_000 else 5_000_000
    return min(BENEFIT_MAX, max(BENEFIT_MIN, round(amount / step) * step))


def benefit_vnd(rng: random.Random, field_code: str) -> int | None:
    """A rounded benefit in VND, or None where it cannot be counted in money."""
    _families(field_code)  # unknown codes are an error, as in initiative_title
    share, low, high = _BENEFIT.get(field_code, (0.0, BENEFIT_MIN, BENEFIT_MIN))
    if rng.random() >= share:
        return None
    return _round_vnd(math.exp(rng.uniform(math.log(low), math.log(high))))
