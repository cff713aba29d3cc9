"""Dossier papers and proposals travel (issue #16, items 9 and 10): the province's campaign
takes its papers down to the district; the district's proposals go up, the province sees them
in the import preview, a withdrawal follows them, and a bundle carrying more than the
campaign's limit has the one too many refused with the window's message."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.models import DossierKind, Proposal, Unit
from desktop.services.campaigns.dossier_items import DossierItemSpec
from desktop.services.campaigns.transfer import input_of
from desktop.services.common import ServiceError, tick
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.proposal_fixtures import BUNDLE_TITLES, campaign_75, district_initiatives
from support.sync_fixtures import copy_offices


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def _province_titles(p: Services) -> list[str]:
    return sorted(r.title for r in p.evaluation.proposals.all(campaign_75(p)))


def test_the_proposals_go_up_are_previewed_and_a_withdrawal_follows(offices):
    p, d, tmp = offices
    ids = district_initiatives(d)
    d.evaluation.proposals.propose(campaign_75(d), ids[:2], dt.date(2021, 4, 5))
    bundle = d.bundles.export("LC", tmp / "d1.ssk")
    assert bundle.counts["proposals"] == 2
    preview = p.bundles.preview(bundle.path)
    assert sorted((n.unit, n.title, n.withdrawn) for n in preview.proposals) == sorted(
        ("LĐLĐ huyện Tam Đường", t, False) for t in BUNDLE_TITLES[:2]
    )
    assert _province_titles(p) == []  # the preview writes nothing
    report = p.bundles.import_(bundle.path)
    assert len(report.proposals) == 2
    assert _province_titles(p) == sorted(BUNDLE_TITLES[:2])
    # Once only: the same bundle again changes nothing.
    assert p.bundles.import_(bundle.path).already_imported
    # A swap: one withdrawn, another proposed, in one bundle.
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "p1.ssk").path)
    d.evaluation.proposals.withdraw(campaign_75(d), ids[0])
    d.evaluation.proposals.propose(campaign_75(d), [ids[2]])
    report = p.bundles.import_(d.bundles.export("LC", tmp / "d2.ssk").path)
    assert sorted((n.title, n.withdrawn) for n in report.proposals) == sorted(
        [(BUNDLE_TITLES[0], True), (BUNDLE_TITLES[2], False)]
    )
    assert _province_titles(p) == sorted([BUNDLE_TITLES[1], BUNDLE_TITLES[2]])


def test_a_bundle_over_the_limit_has_the_one_too_many_refused(offices):
    p, d, tmp = offices
    ids = district_initiatives(d)
    cid = campaign_75(d)
    d.evaluation.proposals.propose(cid, ids[:2])
    # A third written past the service (an older or faulty program, or a hand-edited store).
    with d.store.session_factory.begin() as s:
        district = s.scalar(select(Unit.id).where(Unit.code == "LC-TD"))
        extra = Proposal(campaign_id=cid, initiative_id=ids[2], unit_id=district)
        tick(s, extra)
        s.add(extra)
    report = p.bundles.import_(d.bundles.export("LC", tmp / "d1.ssk").path)
    assert len(_province_titles(p)) == 2
    refused = [n for n in report.notes if n.kind == "rejected" and "đề xuất" in n.what]
    assert len(refused) == 1
    assert "vượt giới hạn 02 sáng kiến mỗi đơn vị" in refused[0].reason
    assert "Hãy rút bớt một đề xuất trước khi thêm." in refused[0].reason


def test_the_campaign_papers_go_down_to_the_district(offices):
    p, d, tmp = offices
    cid = campaign_75(p)
    row = p.campaigns.get(cid)
    papers = (
        DossierItemSpec(DossierKind.SUBMISSION, name="Tờ trình của Ban Thường vụ"),
        DossierItemSpec(DossierKind.SUMMARY),
        DossierItemSpec(DossierKind.OTHER, required=False),
    )
    p.campaigns.update(cid, replace(input_of(row), dossier_items=papers))
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "p1.ssk").path)
    assert d.campaigns.get(campaign_75(d)).dossier_items == papers
    # The district's dossier check then judges by them.
    ids = district_initiatives(d)
    [check] = d.evaluation.dossiers.check([ids[0]])
    assert check.flags[1].ok, check.flags[1].reason


def test_the_demo_campaigns_have_the_papers_of_their_plans(offices):
    p, _d, _tmp = offices
    nghin = p.campaigns.by_code("75NGHIN-2021").dossier_items
    assert [(i.kind, i.required) for i in nghin] == [
        (DossierKind.SUBMISSION, True),
        (DossierKind.SUMMARY, True),
    ]
    dkst = p.campaigns.by_code("DKST-2024").dossier_items
    assert [(i.kind, i.required) for i in dkst] == [
        (DossierKind.LETTER, True),
        (DossierKind.APPLICATION, True),
        (DossierKind.DESCRIPTION, True),
        (DossierKind.OTHER, False),
    ]


def test_a_restored_district_gets_its_proposals_back(offices):
    """Its proposals made after the backup come back in the province's full re-send, after
    the initiatives they name (docs/sync-promises.md, promise 12)."""
    from desktop.services.store.backup import restore_sqlite

    p, d, tmp = offices
    ids = district_initiatives(d)
    cid = campaign_75(d)
    p.bundles.import_(d.bundles.export("LC", tmp / "d1.ssk").path)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "p1.ssk").path)
    backup = d.backup.make().path
    d.evaluation.proposals.propose(cid, ids[:2])
    d.evaluation.proposals.withdraw(cid, ids[0])
    d.evaluation.proposals.propose(cid, [ids[2]])
    p.bundles.import_(d.bundles.export("LC", tmp / "d2.ssk").path)
    assert _province_titles(p) == sorted(BUNDLE_TITLES[1:])
    path = d.store.sqlite_file
    d.store.close()
    restore_sqlite(backup, path)
    d = Services.over(open_store(str(path)))
    try:
        assert d.evaluation.proposals.all(cid) == []  # lost with the restore
        p.bundles.import_(d.bundles.export("LC", tmp / "d3.ssk").path)
        back = d.bundles.import_(p.bundles.export("LC-TD", tmp / "p2.ssk").path)
        assert back.resend_received
        assert back.totals["rejected"] == 0, back.notes
        assert sorted(r.title for r in d.evaluation.proposals.all(cid)) == sorted(BUNDLE_TITLES[1:])
        # Both agree from then on, and the limit still holds at the district.
        with pytest.raises(ServiceError):
            d.evaluation.proposals.propose(cid, [ids[0]])
        p.bundles.import_(d.bundles.export("LC", tmp / "d4.ssk").path)
        assert _province_titles(p) == sorted(BUNDLE_TITLES[1:])
    finally:
        d.store.close()
