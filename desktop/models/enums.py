"""The closed vocabularies of the domain. Values are stored; Vietnamese labels are shown."""

from __future__ import annotations

import enum


class UnitKind(enum.StrEnum):
    PROVINCE = "province"  # Liên đoàn Lao động tỉnh / thành phố trực thuộc TW
    DISTRICT = "district"  # LĐLĐ huyện, thị xã, thành phố thuộc tỉnh
    SECTOR = "sector"  # Công đoàn ngành (Y tế, Giáo dục…)
    PUBLIC_EMPLOYEES = "public_employees"  # Công đoàn Viên chức tỉnh
    INDUSTRIAL_ZONE = "industrial_zone"  # Công đoàn các Khu công nghiệp
    GRASSROOTS = "grassroots"  # Công đoàn cơ sở

    @property
    def is_district_level(self) -> bool:
        """The direct upper-level unions of grassroots unions ("district" in the code)."""
        return self in DISTRICT_LEVEL_KINDS


DISTRICT_LEVEL_KINDS = frozenset(
    {UnitKind.DISTRICT, UnitKind.SECTOR, UnitKind.PUBLIC_EMPLOYEES, UnitKind.INDUSTRIAL_ZONE}
)


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


class UnitEventKind(enum.StrEnum):
    CREATE = "create"
    RENAME = "rename"
    MOVE = "move"  # new parent
    MERGE = "merge"  # merged into another unit, which takes over its children
    DISSOLVE = "dissolve"


class SyncDirection(enum.StrEnum):
    IN = "in"
    OUT = "out"
