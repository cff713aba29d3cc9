"""Vietnamese labels of the stored vocabularies, shared by the screens, Excel and PDF output."""

from __future__ import annotations

from desktop.models import (
    AuthorKind,
    DossierKind,
    InitiativeStatus,
    Sector,
    UnitEventKind,
    UnitKind,
    UnitLevel,
)

UNIT_KIND = {
    UnitKind.NATIONAL: "Tổng Liên đoàn",
    UnitKind.CENTRAL_SECTOR: "Công đoàn ngành Trung ương",
    UnitKind.PROVINCE: "LĐLĐ tỉnh, thành phố",
    UnitKind.COMMUNE: "Công đoàn xã",
    UnitKind.WARD: "Công đoàn phường",
    UnitKind.SPECIAL_ZONE: "Công đoàn đặc khu",
    UnitKind.INTER_COMMUNE: "Công đoàn liên xã, phường",
    UnitKind.INDUSTRIAL_ZONE: "Công đoàn các Khu công nghiệp, Khu kinh tế",
    UnitKind.SECTOR: "Công đoàn ngành",
    UnitKind.PUBLIC_EMPLOYEES: "Công đoàn Viên chức",
    UnitKind.DISTRICT: "LĐLĐ huyện (trước 01/7/2025)",
    UnitKind.GRASSROOTS: "Công đoàn cơ sở",
}

# The four levels, as the screens name them when any kind of that level is meant.
UNIT_LEVEL = {
    UnitLevel.NATIONAL: "Tổng Liên đoàn",
    UnitLevel.PROVINCE: "LĐLĐ tỉnh và tương đương",
    UnitLevel.UPPER: "Công đoàn cấp trên trực tiếp cơ sở",
    UnitLevel.GRASSROOTS: "Công đoàn cơ sở",
}

SECTOR = {
    Sector.ENTERPRISE: "Khối doanh nghiệp",
    Sector.ADMINISTRATIVE: "Khối hành chính sự nghiệp",
}

AUTHOR_KIND = {AuthorKind.PERSON: "Cá nhân", AuthorKind.GROUP: "Tập thể"}

STATUS = {
    InitiativeStatus.REGISTERED: "Đã đăng ký",
    InitiativeStatus.DOSSIER_SENT: "Đã gửi hồ sơ",
    InitiativeStatus.UNDER_EVALUATION: "Đang thẩm định",
    InitiativeStatus.RECOGNISED: "Được công nhận",
    InitiativeStatus.NOT_RECOGNISED: "Không được công nhận",
    InitiativeStatus.COMMENDED: "Được biểu dương, khen thưởng",
    InitiativeStatus.NOMINATED: "Đề nghị cấp trên",
}

DOSSIER_KIND = {
    DossierKind.LETTER: "Công văn đề nghị của công đoàn cấp trên",
    DossierKind.APPLICATION: "Đơn đề nghị công nhận (Mẫu 3)",
    DossierKind.DESCRIPTION: "Báo cáo mô tả sáng kiến (Mẫu 4)",
    DossierKind.OTHER: "Tài liệu chứng minh khác",
    DossierKind.SUBMISSION: "Tờ trình của ban thường vụ công đoàn cấp trên",
    DossierKind.SUMMARY: "Bảng tổng hợp tóm tắt sáng kiến",
}

UNIT_EVENT = {
    UnitEventKind.CREATE: "Thành lập",
    UnitEventKind.RENAME: "Đổi tên",
    UnitEventKind.MOVE: "Chuyển đơn vị cấp trên",
    UnitEventKind.MERGE: "Hợp nhất",
    UnitEventKind.DISSOLVE: "Giải thể",
}
