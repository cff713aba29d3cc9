"""The papers written as prose, read back from the PDF as a person checks them: the author's
forms (Mẫu 1 with the upper-level union's confirmation and no issuer number, Mẫu 3, Mẫu 4)
and the recognition decision with its "Căn cứ" lines, its articles and the list attached."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.initiatives.service import AuthorInput, InitiativeInput

CONFIRMATION = "XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ"


def pages_of(data: bytes) -> list[str]:
    """Each page's text with its line breaks and runs of spaces made single spaces."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def font_sizes(data: bytes) -> dict[str, float]:
    """The size each piece of text is set in: {text: points}."""
    sizes: dict[str, float] = {}
    for page in PdfReader(io.BytesIO(data)).pages:

        def seen(text, cm, tm, font, size):
            if text.strip():
                sizes[" ".join(text.split())] = size * tm[0]

        page.extract_text(visitor_text=seen)
    return sizes


@pytest.fixture
def paper(district_demo_services):
    """An initiative of two authors entered at the district office LĐLĐ huyện Tam Đường."""
    sv = district_demo_services
    trieu = sv.campaigns.by_code("01TRIEU-2022")
    owned = sv.initiatives.owned_unit_ids()
    unit = next(
        u for u in sv.units.list() if u.kind is UnitKind.GRASSROOTS and (not owned or u.id in owned)
    )
    ini = sv.initiatives.create(
        InitiativeInput(
            campaign_id=trieu.id,
            unit_id=unit.id,
            title="Số hoá sổ theo dõi đoàn viên bằng bảng tính dùng chung",
            authors=(
                AuthorInput(
                    "Lò Thị Mai",
                    job_title="Kế toán",
                    workplace="Trường Tiểu học Bình Lư",
                    contribution_pct=Decimal(70),
                    birth_date=dt.date(1988, 4, 2),
                    qualification="Cử nhân kế toán",
                ),
                AuthorInput("Vàng A Sử", job_title="Giáo viên", contribution_pct=Decimal(30)),
            ),
            description=(
                "Sổ giấy được thay bằng một bảng tính.\nMỗi tổ công đoàn cập nhật hằng tuần."
            ),
            benefit_vnd=12_500_000,
            applied_on=dt.date(2022, 3, 7),
            registered_on=dt.date(2022, 2, 14),
        )
    )
    return sv, trieu, ini, unit


def test_registration_form_is_the_authors_with_the_upper_unions_confirmation(paper):
    sv, trieu, ini, unit = paper
    data = sv.documents.pdf(
        DocumentRequest(DocumentKind.REGISTRATION_FORM, trieu.id, initiative_id=ini.id)
    )
    (text,) = pages_of(data)
    for needle in (
        "Mẫu 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU ĐĂNG KÝ SÁNG KIẾN",
        "1. Tên sáng kiến, ý tưởng mới: Số hoá sổ theo dõi đoàn viên bằng bảng tính dùng chung",
        "2. Tác giả, nhóm tác giả:",
        "Lò Thị Mai",
        "Vàng A Sử",
        "70%",
        "30%",
        f"3. Công đoàn cơ sở: {unit.name}",
        "4. Công đoàn cấp trên trực tiếp cơ sở: Liên đoàn Lao động huyện Tam Đường",
        "Giá trị làm lợi 12.500.000 đồng",
        CONFIRMATION,
        "(Ký tên, đóng dấu)",
        "ngày 14 tháng 02 năm 2022",  # the day it was registered
        "ĐẠI DIỆN NHÓM TÁC GIẢ",
        "(Ký, ghi rõ họ tên)",
    ):
        assert needle in text, needle
    # The author's paper: no issuer, no official number.
    assert "Số:" not in text and "/ĐK" not in text
    assert "LIÊN ĐOÀN LAO ĐỘNG" not in text
    sizes = font_sizes(data)
    assert sizes["PHIẾU ĐĂNG KÝ SÁNG KIẾN"] == 14
    assert all(s >= 12 for s in sizes.values()), sizes
    assert 13 <= sizes["3. Công đoàn cơ sở: " + unit.name] <= 14


def test_application_mau_3_lists_the_authors_and_their_shares(paper):
    sv, trieu, ini, _unit = paper
    data = sv.documents.pdf(
        DocumentRequest(DocumentKind.APPLICATION, trieu.id, initiative_id=ini.id)
    )
    text = " ".join(pages_of(data))
    for needle in (
        "Mẫu 3",
        "ĐƠN ĐỀ NGHỊ CÔNG NHẬN SÁNG KIẾN",
        "Kính gửi:",
        "Chúng tôi ghi tên dưới đây:",
        "Lò Thị Mai",
        "02/04/1988",
        "Cử nhân kế toán",
        "70%",
        "Vàng A Sử",
        "Là nhóm tác giả đề nghị xét công nhận sáng kiến: «Số hoá sổ theo dõi đoàn viên",
        "- Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: 07/03/2022",
        "Sổ giấy được thay bằng một bảng tính.",
        "- Những thông tin cần được bảo mật (nếu có): Không.",
        "xin cam đoan mọi thông tin nêu trong đơn là trung thực",
        "ngày …… tháng …… năm ……",  # dated by hand when signed
        "ĐẠI DIỆN NHÓM TÁC GIẢ",
    ):
        assert needle in text, needle
    assert "Số:" not in text
    dated = sv.documents.pdf(
        DocumentRequest(
            DocumentKind.APPLICATION, trieu.id, initiative_id=ini.id, on=dt.date(2022, 4, 5)
        )
    )
    assert "ngày 05 tháng 4 năm 2022" in " ".join(pages_of(dated))


def test_description_report_mau_4_and_a_confidential_initiative(paper):
    sv, trieu, ini, unit = paper
    req = DocumentRequest(DocumentKind.DESCRIPTION_REPORT, trieu.id, initiative_id=ini.id)
    text = " ".join(pages_of(sv.documents.pdf(req)))
    for needle in (
        "Mẫu 4",
        "BÁO CÁO MÔ TẢ SÁNG KIẾN",
        "1. Tên sáng kiến: Số hoá sổ theo dõi đoàn viên bằng bảng tính dùng chung",
        "2. Nhóm tác giả: Lò Thị Mai, Kế toán, Trường Tiểu học Bình Lư; Vàng A Sử",
        f"3. Công đoàn cơ sở: {unit.name}",
        "6. Mô tả bản chất của sáng kiến",
        "6.2. Nội dung giải pháp đề nghị công nhận là sáng kiến: Sổ giấy được thay bằng",
        "Mỗi tổ công đoàn cập nhật hằng tuần.",
        "6.4. Hiệu quả",
        "Giá trị làm lợi 12.500.000 đồng",
    ):
        assert needle in text, needle
    secret = sv.initiatives.create(
        InitiativeInput(
            campaign_id=trieu.id,
            unit_id=unit.id,
            title="Quy trình kiểm soát kho vật tư",
            authors=(AuthorInput("Đặng Văn Lâm"),),
            description="Mã khoá của két sắt đặt ở",
            confidential=True,
        )
    )
    for kind in (DocumentKind.DESCRIPTION_REPORT, DocumentKind.APPLICATION):
        req = DocumentRequest(kind, trieu.id, initiative_id=secret.id)
        text = " ".join(pages_of(sv.documents.pdf(req)))
        assert "Quy trình kiểm soát kho vật tư" in text and "Đặng Văn Lâm" in text
        assert "két sắt" not in text and "Sáng kiến mật" in text
        assert "Toàn bộ nội dung sáng kiến." in text
        assert "ĐẠI DIỆN" not in text  # one author signs for himself


def test_an_authors_form_needs_one_initiative_and_has_no_excel_copy(paper, tmp_path):
    sv, trieu, ini, _unit = paper
    with pytest.raises(ServiceError, match="Hãy chọn một sáng kiến để in đơn đề nghị"):
        sv.documents.pdf(DocumentRequest(DocumentKind.APPLICATION, trieu.id))
    with pytest.raises(ServiceError, match="không có bản Excel"):
        sv.documents.save(
            DocumentRequest(DocumentKind.DESCRIPTION_REPORT, trieu.id, initiative_id=ini.id),
            tmp_path / "mau-4.xlsx",
        )
    assert not (tmp_path / "mau-4.xlsx").exists()


def test_decision_has_its_basis_articles_and_the_recognised_list_attached(demo_services, tmp_path):
    sv = demo_services
    trieu = sv.campaigns.by_code("01TRIEU-2022")
    decision = sv.evaluation.decisions.by_number(trieu.id, "125/QĐ-LĐLĐ")
    req = DocumentRequest(DocumentKind.DECISION, trieu.id, decision_id=decision.id)
    data = sv.documents.save(req, tmp_path / "qd.pdf").read_bytes()
    pages = pages_of(data)
    first = pages[0]
    recognised = [e.initiative_id for e in decision.entries if e.recognised]
    for needle in (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "Số: 125/QĐ-LĐLĐ",
        "Lai Châu, ngày 15 tháng 7 năm 2022",
        "QUYẾT ĐỊNH Về việc công nhận sáng kiến thuộc Chương trình «01 triệu sáng kiến",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ Kế hoạch số /KH-LĐLĐ ngày 13/01/2022 của Liên đoàn Lao động tỉnh Lai Châu",
        "QUYẾT ĐỊNH:",
        f"Điều 1. Công nhận {len(recognised)} sáng kiến thuộc Chương trình",
        "(có danh sách kèm theo)",
        "Điều 2.",
        "Điều 3.",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận: - Như Điều 3;",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
    ):
        assert needle in first, needle
    assert first.index("Căn cứ") < first.index("QUYẾT ĐỊNH:") < first.index("Điều 1.")
    assert "Kèm theo Quyết định" not in first  # the list starts on a page of its own
    annex = " ".join(pages[1:])
    assert "DANH SÁCH Sáng kiến được công nhận" in annex
    assert "(Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 15/07/2022" in annex
    assert f"Tổng cộng: {len(recognised)} sáng kiến" in annex
    for row in sv.initiatives.rows(recognised):
        assert " ".join(row.title.split()) in annex, row.title
    declined = [e.initiative_id for e in decision.entries if not e.recognised]
    recognised_titles = {r.title for r in sv.initiatives.rows(recognised)}
    for row in sv.initiatives.rows(declined):
        if row.title not in recognised_titles:
            assert " ".join(row.title.split()) not in annex, row.title
    sizes = font_sizes(data)
    assert sizes["QUYẾT ĐỊNH"] == 14
    assert 13 <= sizes["Căn cứ Điều lệ Công đoàn Việt Nam;"] <= 14
    # Its .xlsx is the list attached to it, one row per recognised initiative.
    ws = load_workbook(sv.documents.save(req, tmp_path / "qd.xlsx")).active
    titles = {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert recognised_titles <= titles


def test_a_long_list_repeats_its_header_once_per_page(demo_services):
    """Measured in the frame it is set in, each page's piece of the table fills its page: the
    next starts the next page (no header row repeated mid-page, no unit's name alone at the
    foot), in the recognition list and in the decision's annex alike."""
    sv = demo_services
    trieu = sv.campaigns.by_code("01TRIEU-2022")
    decision = sv.evaluation.decisions.by_number(trieu.id, "125/QĐ-LĐLĐ")
    for kind in (DocumentKind.RECOGNITION_LIST, DocumentKind.DECISION):
        req = DocumentRequest(kind, trieu.id, decision_id=decision.id)
        pages = pages_of(sv.documents.pdf(req))
        with_table = pages[1:] if kind is DocumentKind.DECISION else pages
        assert len(with_table) >= 3, kind
        counts = [p.count("Tên sáng kiến") for p in with_table]
        # the closing (Nơi nhận, the signature) may take the last page on its own
        assert all(n == 1 for n in counts[:-1]) and counts[-1] <= 1, (kind, counts)
