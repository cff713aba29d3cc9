"""Each campaign lists its own dossier papers, required or optional, and the dossier check
judges by them (issue #16, item 9) — on SQLite and PostgreSQL; the list goes out and comes
back in a campaign file, and stores made before keep the four papers of the plans."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from desktop.models import DossierKind
from desktop.services.campaigns.dossier_items import (
    DEFAULT_ITEMS,
    PROPOSAL_ITEMS,
    DossierItemSpec,
)
from desktop.services.campaigns.transfer import CampaignTransfer, input_of, parse_documents
from desktop.services.common import ValidationFailed
from desktop.services.initiatives.service import DossierInput
from support.proposal_fixtures import RECEIVED, SEED_000_THREE, build, entry


def _complete(services, iid: int):
    [check] = services.evaluation.dossiers.check([iid])
    return next(f for f in check.flags if f.code == "complete")


def test_the_optional_other_papers_are_no_longer_missing(services):
    w = build(services)
    iid = services.initiatives.create(
        entry(w.recognition, w.school_a, "Phần mềm quản lý công văn đến", SEED_000_THREE)
    ).id
    flag = _complete(services, iid)
    assert flag.ok, flag.reason
    assert flag.reason == "Đủ 3 thành phần hồ sơ bắt buộc."
    # A required paper missing is still flagged, by the campaign's name for it.
    short = services.initiatives.create(
        entry(w.recognition, w.school_a, "Sổ theo dõi đoàn viên", SEED_000_THREE[:2])
    ).id
    flag = _complete(services, short)
    assert not flag.ok
    assert flag.reason == "Thiếu: Báo cáo mô tả sáng kiến (Mẫu 4)."


def test_the_75_nghin_dossier_is_judged_by_its_own_papers(services):
    w = build(services)
    # Its own two papers: complete, without any of the recognition plans' four.
    flag = _complete(services, w.a_ids[0])
    assert flag.ok, flag.reason
    # The recognition plans' papers do not make a 75 nghìn dossier.
    iid = services.initiatives.create(
        entry(w.nghin75, w.school_a, "Giàn phơi nông sản", SEED_000_THREE)
    ).id
    flag = _complete(services, iid)
    assert not flag.ok
    assert flag.reason == (
        "Thiếu: Tờ trình của ban thường vụ công đoàn cấp trên, Bảng tổng hợp tóm tắt sáng kiến."
    )
    [check] = services.evaluation.dossiers.check([iid])
    assert "Tờ trình" in check.problems


def test_the_editor_changes_the_papers_and_a_paper_made_optional_is_not_missing(services):
    w = build(services)
    row = services.campaigns.get(w.nghin75.id)
    assert row.dossier_items == PROPOSAL_ITEMS
    iid = services.initiatives.create(
        entry(
            w.nghin75, w.school_a, "Xe đẩy rác", (DossierInput(DossierKind.SUBMISSION, RECEIVED),)
        )
    ).id
    assert not _complete(services, iid).ok
    papers = (
        DossierItemSpec(DossierKind.SUBMISSION, name="Tờ trình của Ban Thường vụ LĐLĐ huyện"),
        DossierItemSpec(DossierKind.SUMMARY, required=False),
    )
    services.campaigns.update(
        w.nghin75.id,
        replace(input_of(row), dossier_items=papers),
        expected_version=row.edit_version,
    )
    assert services.campaigns.get(w.nghin75.id).dossier_items == papers
    assert _complete(services, iid).ok


@pytest.mark.parametrize(
    ("papers", "message"),
    [
        ((), "Hồ sơ của chương trình cần ít nhất một thành phần."),
        (
            (DossierItemSpec(DossierKind.OTHER, required=False),),
            "Hồ sơ của chương trình cần ít nhất một thành phần bắt buộc.",
        ),
        (
            (DossierItemSpec(DossierKind.LETTER), DossierItemSpec(DossierKind.LETTER)),
            "Thành phần hồ sơ «Công văn đề nghị của công đoàn cấp trên» trùng.",
        ),
    ],
)
def test_a_list_of_papers_that_makes_no_sense_is_refused(services, papers, message):
    w = build(services)
    row = services.campaigns.get(w.recognition.id)
    with pytest.raises(ValidationFailed) as exc:
        services.campaigns.update(w.recognition.id, replace(input_of(row), dossier_items=papers))
    assert message in str(exc.value)
    assert services.campaigns.get(w.recognition.id).dossier_items == DEFAULT_ITEMS


def test_the_campaign_file_carries_the_papers_and_reads_them_back(services, tmp_path):
    w = build(services)
    transfer = CampaignTransfer(services.store.session_factory)
    doc = transfer.document("75NGHIN-2021")
    assert doc["dossier_items"] == [
        {"kind": "submission", "name": None, "required": True},
        {"kind": "summary", "name": None, "required": True},
    ]
    # Made optional in the file, under another name: the import changes the campaign.
    doc["dossier_items"][1] = {"kind": "summary", "name": "Bảng tóm tắt", "required": False}
    planned = transfer.plan(parse_documents(json.dumps(doc, ensure_ascii=False)))
    assert [p.action.value for p in planned] == ["update"]
    transfer.apply(planned)
    assert services.campaigns.get(w.nghin75.id).dossier_items == (
        DossierItemSpec(DossierKind.SUBMISSION),
        DossierItemSpec(DossierKind.SUMMARY, required=False, name="Bảng tóm tắt"),
    )
    # The same file again changes nothing; a file of an older program (no papers) neither.
    again = transfer.document("75NGHIN-2021")
    assert [p.action.value for p in transfer.plan(parse_documents(json.dumps(again)))] == [
        "unchanged"
    ]
    del again["dossier_items"]
    assert [p.action.value for p in transfer.plan(parse_documents(json.dumps(again)))] == [
        "unchanged"
    ]


def test_a_file_with_an_unknown_paper_is_refused_naming_the_field():
    from desktop.services.campaigns.transfer import TransferError

    doc = {"code": "X", "name": "Thử", "dossier_items": [{"kind": "giay-khen", "required": True}]}
    with pytest.raises(TransferError) as exc:
        parse_documents(json.dumps(doc))
    assert "dossier_items[0].kind" in str(exc.value)
    assert "«giay-khen» không phải loại giấy tờ" in str(exc.value)


def test_a_store_made_before_gets_the_four_papers_with_the_other_optional(tmp_path):
    """The migration writes the plans' four into every campaign it finds."""
    from desktop.services.registry import Services
    from desktop.services.store.opening import open_store
    from support.old_store import build_old_store

    path = build_old_store(tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        campaigns = conn.execute("SELECT count(*) FROM campaign").fetchone()[0]
    assert campaigns > 0
    store = open_store(str(path))
    try:
        rows = Services.over(store).campaigns.list(include_archived=True)
        assert rows and all(r.dossier_items == DEFAULT_ITEMS for r in rows)
    finally:
        store.close()
    # Written into the file, not only read as a default.
    with sqlite3.connect(path) as conn:
        stored = [json.loads(v) for (v,) in conn.execute("SELECT dossier_items FROM campaign")]
    assert (
        stored
        == [
            [
                {"kind": "letter", "name": None, "required": True},
                {"kind": "application", "name": None, "required": True},
                {"kind": "description", "name": None, "required": True},
                {"kind": "other", "name": "Tài liệu chứng minh khác (nếu có)", "required": False},
            ]
        ]
        * campaigns
    )
