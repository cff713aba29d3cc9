"""A decision issued by mistake is withdrawn by a withdrawal decision: the original stays in
the history, its initiatives go back to where they stood and may be decided again, the
papers no longer print it, and the withdrawal reaches the district that received it."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import InitiativeStatus
from desktop.services.common import ServiceError
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.evaluation.decisions import DecisionInput, WithdrawalInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title

CAMPAIGN = "01TRIEU-2022"
DAY = dt.date(2023, 12, 1)


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def _up(p: Services, d: Services, tmp, titles: list[str]) -> list[int]:
    """The district types ``titles`` and sends them up; the province puts them under
    evaluation. Their ids at the province."""
    for t in titles:
        add_initiative(d, "LC-TD-04", t)
    p.bundles.import_(d.bundles.export("LC", tmp / "len.ssk").path)
    ids = []
    for t in titles:
        ini = initiative_by_title(p, t)
        assert ini is not None
        p.initiatives.set_status(ini.id, InitiativeStatus.UNDER_EVALUATION)
        ids.append(ini.id)
    return ids


def _down(p: Services, d: Services, tmp) -> None:
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "xuong.ssk").path)


def test_a_withdrawn_decision_stays_in_the_history_and_its_initiatives_go_back(offices):
    p, d, tmp = offices
    a, b = _up(p, d, tmp, ["Sáng kiến thu hồi A", "Sáng kiến thu hồi B"])
    cid = p.campaigns.by_code(CAMPAIGN).id
    wrong = p.evaluation.decisions.decide(
        DecisionInput(
            cid, "15/QĐ-LĐLĐ", DAY, recognise=(a,), decline={b: "Lý do sai."}, accept_flagged=True
        )
    )
    _down(p, d, tmp)
    at_district = initiative_by_title(d, "Sáng kiến thu hồi A")
    assert at_district is not None and at_district.status == InitiativeStatus.RECOGNISED

    w = p.evaluation.decisions.withdraw(
        WithdrawalInput(wrong.id, "16/QĐ-LĐLĐ", DAY, "Ban hành nhầm khi chưa xét hồ sơ.")
    )
    assert w.is_withdrawal and w.withdraws_number == "15/QĐ-LĐLĐ"
    assert (w.recognised, w.declined) == (0, 0)
    original = p.evaluation.decisions.get(wrong.id)
    assert original.withdrawn_by == "16/QĐ-LĐLĐ"
    assert {e.initiative_id for e in original.entries} == {a, b}  # kept as it was
    for iid in (a, b):
        assert p.initiatives.get(iid).status == InitiativeStatus.UNDER_EVALUATION

    # The papers no longer print the withdrawn decision.
    with pytest.raises(ServiceError, match="đã được thu hồi bởi quyết định số 16/QĐ-LĐLĐ"):
        p.documents.build(
            DocumentRequest(DocumentKind.RECOGNITION_LIST, campaign_id=cid, decision_id=wrong.id)
        )

    # Decided again, rightly this time.
    again = p.evaluation.decisions.decide(
        DecisionInput(cid, "17/QĐ-LĐLĐ", DAY, recognise=(a, b), accept_flagged=True)
    )
    assert again.recognised == 2

    # The district receives the withdrawal and the new decision; its figures agree.
    _down(p, d, tmp)
    numbers = {r.number: r for r in d.evaluation.decisions.all(cid)}
    assert numbers["15/QĐ-LĐLĐ"].withdrawn_by == "16/QĐ-LĐLĐ"
    assert numbers["16/QĐ-LĐLĐ"].withdraws_number == "15/QĐ-LĐLĐ"
    assert numbers["16/QĐ-LĐLĐ"].withdrawal_reason == "Ban hành nhầm khi chưa xét hồ sơ."
    for t in ("Sáng kiến thu hồi A", "Sáng kiến thu hồi B"):
        ini = initiative_by_title(d, t)
        assert ini is not None and ini.status == InitiativeStatus.RECOGNISED


def test_the_withdrawal_travels_before_any_new_decision(offices):
    p, d, tmp = offices
    (a,) = _up(p, d, tmp, ["Sáng kiến về sau thu hồi"])
    cid = p.campaigns.by_code(CAMPAIGN).id
    wrong = p.evaluation.decisions.decide(
        DecisionInput(cid, "21/QĐ-LĐLĐ", DAY, recognise=(a,), accept_flagged=True)
    )
    _down(p, d, tmp)
    p.evaluation.decisions.withdraw(WithdrawalInput(wrong.id, "22/QĐ-LĐLĐ", DAY, "Nhầm số."))
    _down(p, d, tmp)
    ini = initiative_by_title(d, "Sáng kiến về sau thu hồi")
    assert ini is not None and ini.status == InitiativeStatus.UNDER_EVALUATION
    assert {r.number: r.withdrawn_by for r in d.evaluation.decisions.all(cid)}[
        "21/QĐ-LĐLĐ"
    ] == "22/QĐ-LĐLĐ"


def test_what_cannot_be_withdrawn_is_refused_with_the_reason(offices):
    p, d, tmp = offices
    (a,) = _up(p, d, tmp, ["Sáng kiến thử thu hồi"])
    cid = p.campaigns.by_code(CAMPAIGN).id
    wrong = p.evaluation.decisions.decide(
        DecisionInput(cid, "31/QĐ-LĐLĐ", DAY, recognise=(a,), accept_flagged=True)
    )
    decisions = p.evaluation.decisions
    with pytest.raises(ServiceError, match="lý do thu hồi"):
        decisions.withdraw(WithdrawalInput(wrong.id, "32/QĐ-LĐLĐ", DAY, "  "))
    with pytest.raises(ServiceError, match="Đã có quyết định số 31/QĐ-LĐLĐ"):
        decisions.withdraw(WithdrawalInput(wrong.id, "31/QĐ-LĐLĐ", DAY, "Nhầm."))
    w = decisions.withdraw(WithdrawalInput(wrong.id, "32/QĐ-LĐLĐ", DAY, "Nhầm."))
    with pytest.raises(ServiceError, match="đã được thu hồi bởi quyết định số 32/QĐ-LĐLĐ"):
        decisions.withdraw(WithdrawalInput(wrong.id, "33/QĐ-LĐLĐ", DAY, "Nhầm lần nữa."))
    with pytest.raises(ServiceError, match="là quyết định thu hồi"):
        decisions.withdraw(WithdrawalInput(w.id, "33/QĐ-LĐLĐ", DAY, "Nhầm."))
    # At the district, which does not decide, nothing can be withdrawn.
    _down(p, d, tmp)
    theirs = next(r for r in d.evaluation.decisions.all(cid) if r.number == "31/QĐ-LĐLĐ")
    with pytest.raises(ServiceError):
        d.evaluation.decisions.withdraw(WithdrawalInput(theirs.id, "40/QĐ-LĐLĐ", DAY, "Nhầm."))
