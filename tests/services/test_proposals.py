"""A direct upper-level union proposes at most the campaign's limit of its own initiatives to
the province (seed 002: "không quá 02 sáng kiến"), refused beyond it with a Vietnamese message
in the service and the command line, on SQLite and PostgreSQL; and prints the Tờ trình, the
letter of proposal and the Bảng tổng hợp of what it proposes, before anything is recognised."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.models import InitiativeStatus
from desktop.services.common import NotFound, ServiceError
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.model import LetterDocument
from desktop.services.documents.proposals import proposal_letter, submission
from desktop.services.rules.ownership import NotOwner
from support.proposal_fixtures import TITLE_B, TITLES_A, build

LIMIT_MESSAGE = (
    "LĐLĐ huyện Đắk Glong sẽ có 3 sáng kiến đề xuất lên LĐLĐ tỉnh, vượt giới hạn "
    "02 sáng kiến mỗi đơn vị của chương trình «75 nghìn sáng kiến, vượt khó, phát triển». Hãy "
    "rút bớt một đề xuất trước khi thêm."
)


@pytest.fixture
def district(services):
    """This PC is district A's office."""
    w = build(services)
    services.office.set_up(w.district_a.id)
    return services, w


def test_the_district_proposes_two_and_the_third_is_refused(district):
    services, w = district
    proposals = services.evaluation.proposals
    assert proposals.proposer() == w.district_a.id
    rows = proposals.propose(w.nghin75.id, w.a_ids[:2], dt.date(2021, 4, 5))
    assert [r.title for r in rows] == sorted(TITLES_A[:2], key=lambda t: t)
    assert {r.unit_name for r in rows} == {"LĐLĐ huyện Đắk Glong"}
    with pytest.raises(ServiceError) as exc:
        proposals.propose(w.nghin75.id, [w.a_ids[2]])
    assert str(exc.value) == LIMIT_MESSAGE
    assert len(proposals.all(w.nghin75.id)) == 2  # nothing saved
    # Proposing one already proposed changes nothing; a swap goes through a withdrawal.
    proposals.propose(w.nghin75.id, [w.a_ids[0]])
    proposals.withdraw(w.nghin75.id, w.a_ids[0])
    rows = proposals.propose(w.nghin75.id, [w.a_ids[2]])
    assert {r.initiative_id for r in rows} == {w.a_ids[1], w.a_ids[2]}
    # Proposing does not touch the status: the province's evaluation decides it.
    assert services.initiatives.get(w.a_ids[2]).status == InitiativeStatus.REGISTERED


def test_three_at_once_are_refused_whole(district):
    services, w = district
    with pytest.raises(ServiceError) as exc:
        services.evaluation.proposals.propose(w.nghin75.id, w.a_ids)
    assert str(exc.value) == LIMIT_MESSAGE
    assert services.evaluation.proposals.all(w.nghin75.id) == []


def test_only_its_own_unions_initiatives(district):
    services, w = district
    with pytest.raises(ServiceError) as exc:
        services.evaluation.proposals.propose(w.nghin75.id, [w.b_id])
    assert "không thuộc công đoàn cơ sở nào của LĐLĐ huyện Đắk Glong" in str(exc.value)
    with pytest.raises(NotFound):
        services.evaluation.proposals.withdraw(w.nghin75.id, w.a_ids[0])


def test_a_province_office_does_not_propose(services):
    w = build(services)
    services.office.set_up(w.province.id)
    assert services.evaluation.proposals.proposer() is None
    with pytest.raises(NotOwner) as exc:
        services.evaluation.proposals.propose(w.nghin75.id, [w.a_ids[0]])
    assert "Chỉ công đoàn cấp trên trực tiếp cơ sở được đề xuất sáng kiến lên LĐLĐ tỉnh" in str(
        exc.value
    )


def test_a_campaign_without_a_limit_takes_every_proposal(district):
    services, w = district
    from support.proposal_fixtures import SEED_000_THREE, entry

    ids = [
        services.initiatives.create(entry(w.recognition, w.school_a, t, SEED_000_THREE)).id
        for t in TITLES_A
    ]
    assert len(services.evaluation.proposals.propose(w.recognition.id, ids)) == 3


# ---- the command line ------------------------------------------------------------------------
def test_the_command_line_applies_the_same_limit(district, capsys):
    services, _w = district
    db = services.store.url  # the SQLite file or the PostgreSQL URL
    services.store.close()
    args = ["proposals", "add", "--db", db, "--campaign", "75NGHIN-2021"]
    assert cli.main([*args, "--initiative", "quy trinh tiep nhan"]) == 0
    assert cli.main([*args, "--initiative", "may tach hat", "--on", "05/04/2021"]) == 0
    capsys.readouterr()
    assert cli.main([*args, "--initiative", "so tay dien tu"]) != 0
    err = capsys.readouterr().err
    assert "vượt giới hạn 02 sáng kiến mỗi đơn vị" in err
    assert cli.main(["proposals", "list", "--db", db, "--campaign", "75NGHIN-2021"]) == 0
    out = capsys.readouterr().out
    assert "(2 sáng kiến đề xuất)" in out and TITLES_A[1] in out and TITLES_A[2] not in out


# ---- the papers ------------------------------------------------------------------------------
def _cfg(services):
    return dataclasses.replace(
        services.documents.settings.load(),
        superior="Liên đoàn Lao động tỉnh Đắk Nông",
        issuer="Liên đoàn Lao động huyện Đắk Glong",
        symbol="LĐLĐ",
        place="Đắk Glong",
        on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn Bình",
    )


def _req(w, kind, **kw):
    return DocumentRequest(kind, w.nghin75.id, on=dt.date(2021, 4, 5), **kw)


def _texts(doc: LetterDocument) -> list[str]:
    return [f"{b.label} {b.text}".strip() for b in doc.blocks]


def test_the_summary_of_proposals_prints_before_anything_is_recognised(district, tmp_path):
    services, w = district
    services.evaluation.proposals.propose(w.nghin75.id, w.a_ids[:2])
    out = services.documents.save(
        _req(w, DocumentKind.SUMMARY), tmp_path / "bang-tong-hop.pdf", _cfg(services)
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    flat = " ".join(text.split())
    assert "BẢNG TỔNG HỢP" in flat
    assert "Tóm tắt sáng kiến đề xuất xét chọn" in flat
    for title in TITLES_A[:2]:
        assert title in flat
    assert TITLES_A[2] not in flat and TITLE_B not in flat
    assert "Tổng số: 2 sáng kiến." in flat
    assert "Làm lợi 120.000.000 đồng." in flat


def test_the_summary_without_proposals_says_what_to_do(district):
    services, w = district
    with pytest.raises(ServiceError) as exc:
        services.documents.build(_req(w, DocumentKind.SUMMARY), _cfg(services))
    assert "Chưa có sáng kiến nào được đề xuất, công nhận hoặc đề nghị" in str(exc.value)


def test_the_submission_names_the_proposals_and_carries_the_summary(district):
    services, w = district
    services.evaluation.proposals.propose(w.nghin75.id, w.a_ids[:2])
    doc = submission(
        services.store.session_factory, _req(w, DocumentKind.SUBMISSION), _cfg(services)
    )
    assert doc.kind == "submission"
    assert doc.title == "TỜ TRÌNH"
    assert doc.letterhead.issuer == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐẮK GLONG"
    assert doc.letterhead.number == "Số:        /TTr-LĐLĐ"
    assert doc.letterhead.place_date == "Đắk Glong, ngày 05 tháng 4 năm 2021"
    assert doc.addressee == ("Ban Thường vụ Liên đoàn Lao động tỉnh Đắk Nông",)
    assert doc.subject == (
        "Về việc đề xuất sáng kiến tham gia Chương trình «75 nghìn sáng kiến, vượt khó, phát "
        "triển»",
    )
    texts = _texts(doc)
    assert texts[0] == (
        "Căn cứ Kế hoạch số 15/KH-LĐLĐ ngày 01/03/2021 của Liên đoàn Lao động tỉnh Đắk Nông về "
        "việc triển khai Chương trình «75 nghìn sáng kiến, vượt khó, phát triển»;"
    )
    assert "Ban Thường vụ Liên đoàn Lao động huyện Đắk Glong đề xuất 02 sáng kiến sau:" in texts[1]
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [b.label for b in items] == ["1.", "2."]
    assert "«Máy tách hạt mắc ca bán tự động» của Trần Thị Hồng Nhung" in items[1].text
    assert "Làm lợi 240.000.000 đồng." in items[1].text
    assert texts[-1].endswith(
        "xem xét, biểu dương và xét chọn đề nghị cấp trên biểu dương các sáng kiến trên./."
    )
    assert doc.signature is not None and doc.signature.on_behalf == "TM. BAN THƯỜNG VỤ"
    assert doc.recipients[0] == "Như trên;"
    # The Bảng tổng hợp goes with it, as its annex.
    assert doc.annex is not None and doc.annex.kind == "summary"
    annexed = [r[1] for r in doc.annex.rows if isinstance(r, tuple)]
    assert sorted(annexed) == sorted(TITLES_A[:2])


def test_the_letter_of_proposal_about_one_initiative(district):
    services, w = district
    services.evaluation.proposals.propose(w.nghin75.id, w.a_ids[:2])
    sf = services.store.session_factory
    doc = proposal_letter(
        sf, _req(w, DocumentKind.PROPOSAL_LETTER, initiative_id=w.a_ids[0]), _cfg(services)
    )
    assert doc.kind == "proposal-letter"
    assert doc.letterhead.number == "Số:        /LĐLĐ"
    # A công văn: no title, its excerpt under the number (Nghị định 30).
    assert doc.title == ""
    assert doc.subject == (
        "V/v đề nghị công nhận sáng kiến Chương trình «75 nghìn sáng kiến, vượt khó, phát triển»",
    )
    assert doc.addressee == ("Liên đoàn Lao động tỉnh Đắk Nông",)
    texts = _texts(doc)
    assert (
        "Liên đoàn Lao động huyện Đắk Glong đề nghị Liên đoàn Lao động tỉnh Đắk Nông xem xét, "
        "công nhận sáng kiến sau:"
    ) in texts
    items = [b for b in doc.blocks if b.kind == "item"]
    assert len(items) == 1 and TITLES_A[0] in items[0].text
    assert any("Đơn đề nghị công nhận sáng kiến (Mẫu 3)" in t for t in texts)
    # All of them when none is chosen; one not proposed is refused.
    doc = proposal_letter(sf, _req(w, DocumentKind.PROPOSAL_LETTER), _cfg(services))
    assert len([b for b in doc.blocks if b.kind == "item"]) == 2
    with pytest.raises(NotFound):
        proposal_letter(
            sf, _req(w, DocumentKind.PROPOSAL_LETTER, initiative_id=w.a_ids[2]), _cfg(services)
        )


def test_no_papers_before_a_proposal(district):
    services, w = district
    with pytest.raises(ServiceError) as exc:
        submission(services.store.session_factory, _req(w, DocumentKind.SUBMISSION), _cfg(services))
    assert "chưa đề xuất sáng kiến nào lên LĐLĐ tỉnh" in str(exc.value)


def test_both_papers_print_as_pdf_and_word_and_the_tables_as_excel(district, tmp_path):
    """What the district sends with its proposals, as the clerk saves it: the Tờ trình and
    the letter of proposal as PDF and Word; the Tờ trình's Bảng tổng hợp as .xlsx; the
    letter, prose only, has no Excel copy and says so."""
    from docx import Document as Word
    from openpyxl import load_workbook

    services, w = district
    services.evaluation.proposals.propose(w.nghin75.id, w.a_ids[:2])
    docs, cfg = services.documents, _cfg(services)
    for kind, title in ((DocumentKind.SUBMISSION, "TỜ TRÌNH"), (DocumentKind.PROPOSAL_LETTER, "")):
        pdf = docs.save(_req(w, kind), tmp_path / f"{kind}.pdf", cfg)
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
        flat = " ".join(" ".join(pages).split())
        word = docs.save(_req(w, kind), tmp_path / f"{kind}.docx", cfg)
        wdoc = Word(str(word))
        cells = [c.text for t in wdoc.tables for row in t.rows for c in row.cells]
        wflat = " ".join(" ".join([*cells, *(p.text for p in wdoc.paragraphs)]).split())
        for text in (flat, wflat):
            assert "LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐẮK GLONG" in text, kind
            assert "Liên đoàn Lao động tỉnh Đắk Nông" in text, kind
            assert title in text, kind
        for t in TITLES_A[:2]:
            assert t in flat, (kind, t)
        if kind is DocumentKind.PROPOSAL_LETTER:  # the excerpt beside the date, before Kính gửi
            assert flat.index("V/v đề nghị công nhận sáng kiến") < flat.index("Kính gửi")
            assert "VĂN BẢN ĐỀ NGHỊ" not in flat
    assert not any("BẢNG TỔNG HỢP" in p for p in pages)  # the letter carries no annex
    ws = load_workbook(
        docs.save(_req(w, DocumentKind.SUBMISSION), tmp_path / "to-trinh.xlsx", cfg)
    ).active
    cells = {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert set(TITLES_A[:2]) <= cells
    with pytest.raises(ServiceError, match="không có bản Excel"):
        docs.save(_req(w, DocumentKind.PROPOSAL_LETTER), tmp_path / "de-nghi.xlsx", cfg)
