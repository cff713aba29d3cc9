"""The closed vocabularies of the domain. Values are stored; Vietnamese labels are shown."""

from __future__ import annotations

import enum

# A date known only to the month, quarter or year; defined with the text helpers that read it.
from desktop.text.partial_dates import DatePrecision as DatePrecision


class UnitLevel(enum.IntEnum):
    """The four levels of the union, top first. A unit's level follows from its kind."""

    NATIONAL = 0  # Tổng Liên đoàn; the central sector unions sit one level below it
    PROVINCE = 1  # LĐLĐ tỉnh/thành phố, công đoàn ngành Trung ương (cấp tỉnh và tương đương)
    UPPER = 2  # công đoàn cấp trên trực tiếp cơ sở ("district" in the code)
    GRASSROOTS = 3  # công đoàn cơ sở


class UnitKind(enum.StrEnum):
    """What a unit is, as the plans name it. Several kinds share a level (``level``)."""

    NATIONAL = "national"  # Tổng Liên đoàn Lao động Việt Nam
    CENTRAL_SECTOR = (
        "central_sector"  # Công đoàn ngành Trung ương, Công đoàn Tổng công ty trực thuộc TLĐ
    )
    PROVINCE = "province"  # Liên đoàn Lao động tỉnh / thành phố trực thuộc TW
    COMMUNE = "commune"  # Công đoàn xã (since 1 July 2025)
    WARD = "ward"  # Công đoàn phường
    SPECIAL_ZONE = "special_zone"  # Công đoàn đặc khu
    INTER_COMMUNE = "inter_commune"  # one union for several communes / wards
    INDUSTRIAL_ZONE = "industrial_zone"  # Công đoàn các Khu công nghiệp / Khu kinh tế
    SECTOR = "sector"  # Công đoàn ngành địa phương (Y tế, Giáo dục…)
    PUBLIC_EMPLOYEES = "public_employees"  # Công đoàn Viên chức tỉnh
    DISTRICT = "district"  # LĐLĐ huyện, thị xã, thành phố thuộc tỉnh: ended 1 July 2025
    GRASSROOTS = "grassroots"  # Công đoàn cơ sở

    @property
    def level(self) -> UnitLevel:
        return _LEVEL.get(self, UnitLevel.UPPER)

    @property
    def is_district_level(self) -> bool:
        """A direct upper-level union of grassroots unions (any kind: "district" in the code)."""
        return self.level == UnitLevel.UPPER


_LEVEL = {
    "national": UnitLevel.NATIONAL,
    "central_sector": UnitLevel.PROVINCE,
    "province": UnitLevel.PROVINCE,
    "grassroots": UnitLevel.GRASSROOTS,
}

# The kinds of direct upper-level union, in the order the screens offer them (the old district
# federation last: it is kept for the history before 2025).
DISTRICT_LEVEL_KINDS = (
    *(k for k in UnitKind if k.level == UnitLevel.UPPER and k != UnitKind.DISTRICT),
    UnitKind.DISTRICT,
)
PROVINCE_LEVEL_KINDS = (UnitKind.PROVINCE, UnitKind.CENTRAL_SECTOR)


class Sector(enum.StrEnum):
    ENTERPRISE = "enterprise"  # khối doanh nghiệp
    ADMINISTRATIVE = "administrative"  # khối hành chính sự nghiệp


class AuthorKind(enum.StrEnum):
    PERSON = "person"  # cá nhân
    GROUP = "group"  # tập thể / nhóm tác giả


class InitiativeStatus(enum.StrEnum):
    """The life of an initiative, in order."""

    REGISTERED = "registered"  # đã đăng ký
    DOSSIER_SENT = "dossier_sent"  # đã gửi hồ sơ
    UNDER_EVALUATION = "under_evaluation"  # đang thẩm định
    RECOGNISED = "recognised"  # được công nhận
    NOT_RECOGNISED = "not_recognised"  # không được công nhận
    COMMENDED = "commended"  # được biểu dương, khen thưởng
    NOMINATED = "nominated"  # đề nghị cấp trên


class DossierKind(enum.StrEnum):
    LETTER = "letter"  # công văn đề nghị của công đoàn cấp trên
    APPLICATION = "application"  # đơn đề nghị công nhận (Mẫu 3)
    DESCRIPTION = "description"  # báo cáo mô tả (Mẫu 4)
    OTHER = "other"  # tài liệu chứng minh khác
    # The papers of a district's proposal to the province (seed 002, "75 nghìn sáng kiến"):
    SUBMISSION = "submission"  # tờ trình của ban thường vụ công đoàn cấp trên
    SUMMARY = "summary"  # bảng tổng hợp tóm tắt sáng kiến


class UnitEventKind(enum.StrEnum):
    CREATE = "create"
    RENAME = "rename"
    MOVE = "move"  # new parent
    MERGE = "merge"  # merged into another unit, which takes over its children
    DISSOLVE = "dissolve"
    RECLASSIFY = "reclassify"  # the kind changed (a commune's union became a ward's)


class SyncDirection(enum.StrEnum):
    IN = "in"
    OUT = "out"
