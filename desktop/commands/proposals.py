"""``sangkien proposals list|add|withdraw --campaign CODE``: a direct upper-level union's
proposals to the province, with the window's rules (services/evaluation/proposals.py): its
own grassroots unions' initiatives, within the campaign's limit (refused beyond it)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError

if TYPE_CHECKING:
    from desktop.services.registry import Services


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "proposals",
        parents=[common],
        help="sáng kiến công đoàn cấp trên trực tiếp cơ sở đề xuất lên LĐLĐ tỉnh",
    )
    psub = p.add_subparsers(dest="proposals_command", metavar="VIỆC", required=True)
    for name, helptext, func in (
        ("list", "các sáng kiến đã đề xuất", cmd_list),
        ("add", "đề xuất thêm sáng kiến (trong giới hạn của chương trình)", cmd_add),
        ("withdraw", "rút một đề xuất", cmd_withdraw),
    ):
        q = psub.add_parser(name, parents=[common], help=helptext)
        q.add_argument("--campaign", required=True, metavar="MÃ", help="mã chương trình")
        if name != "list":
            q.add_argument(
                "--initiative",
                required=True,
                action="append",
                metavar="CHỮ",
                help="một phần tên sáng kiến, gõ có hoặc không dấu (nhắc lại cho nhiều sáng kiến)",
            )
        if name == "add":
            q.add_argument("--on", metavar="NGÀY", help="ngày đề xuất dd/mm/yyyy")
        q.add_argument("--json", action="store_true", help="in dạng JSON")
        q.set_defaults(func=func)


def _initiative(services: Services, campaign_id: int, text: str) -> int:
    """The one initiative of the campaign whose title or authors hold ``text``."""
    page = services.initiatives.search(text, campaign_id, limit=5)
    if page.total == 0:
        raise ServiceError(f"Không có sáng kiến nào khớp «{text}» trong chương trình này.")
    if page.total > 1:
        shown = "; ".join(f"«{r.title}»" for r in page.rows[:5])
        raise ServiceError(
            f"Có {page.total} sáng kiến khớp «{text}»: {shown}. Hãy gõ thêm chữ của tên."
        )
    return page.rows[0].id


def _print(services: Services, campaign_id: int, as_json: bool) -> None:
    rows = services.evaluation.proposals.all(campaign_id)
    if as_json:
        out = [
            {
                "initiative_id": r.initiative_id,
                "title": r.title,
                "authors": r.authors,
                "grassroots": r.grassroots,
                "unit": r.unit_name,
                "proposed_on": r.proposed_on.isoformat() if r.proposed_on else None,
            }
            for r in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in rows:
        print(f"{r.unit_name}\t{r.title}\t{r.authors}\t{r.grassroots}")
    print(f"({len(rows)} sáng kiến đề xuất)")


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        _print(services, campaign.id, args.json)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from desktop.text.dates import parse_date

    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        ids = [_initiative(services, campaign.id, t) for t in args.initiative]
        try:
            on = parse_date(args.on) if args.on else None
        except ValueError as exc:
            raise ServiceError(f"Ngày đề xuất «{args.on}»: {exc}") from exc
        services.evaluation.proposals.propose(campaign.id, ids, on)
        _print(services, campaign.id, args.json)
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        for text in args.initiative:
            iid = _initiative(services, campaign.id, text)
            services.evaluation.proposals.withdraw(campaign.id, iid)
        _print(services, campaign.id, args.json)
    return 0
