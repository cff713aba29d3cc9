"""The papers a dossier holds in a campaign, each required or optional.

The plans do not all ask for the same papers: the recognition plans (seed 000) ask for the
upper-level union's letter, the author's application (Mẫu 3), the description report (Mẫu 4)
and "other documents proving it (if any)"; the "75 nghìn sáng kiến" plan (seed 002) asks for
the upper-level union's Tờ trình and the Bảng tổng hợp tóm tắt sáng kiến. A campaign keeps its
list in ``campaign.dossier_items`` (JSON); the dossier check judges by it
(services/evaluation/dossiers.py). A campaign without a list has the recognition plans' four.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.models import DossierKind
from desktop.services import labels
from desktop.text.normalise import clean

ITEM_NAME_MAX = 300


@dataclass(frozen=True)
class DossierItemSpec:
    """One paper of a campaign's dossier: its kind, the name the campaign gives it (None: the
    usual name) and whether a dossier without it is incomplete."""

    kind: DossierKind
    required: bool = True
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or labels.DOSSIER_KIND[self.kind]


# The recognition plans' four papers (seed 000); the last one "nếu có": optional.
DEFAULT_ITEMS: tuple[DossierItemSpec, ...] = (
    DossierItemSpec(DossierKind.LETTER),
    DossierItemSpec(DossierKind.APPLICATION),
    DossierItemSpec(DossierKind.DESCRIPTION),
    DossierItemSpec(DossierKind.OTHER, required=False, name="Tài liệu chứng minh khác (nếu có)"),
)
# A district's proposal to the province (seed 002: "Hồ sơ xét chọn bao gồm: Tờ trình …;
# Bảng tổng hợp tóm tắt sáng kiến").
PROPOSAL_ITEMS: tuple[DossierItemSpec, ...] = (
    DossierItemSpec(DossierKind.SUBMISSION),
    DossierItemSpec(DossierKind.SUMMARY),
)


def to_json(items: Iterable[DossierItemSpec]) -> list[dict[str, Any]]:
    return [{"kind": i.kind.value, "name": i.name, "required": i.required} for i in items]


def item_problems(raw: Any) -> list[str]:
    """What is wrong with a list of dossier papers as received (the editor, a campaign file,
    a bundle), in Vietnamese; empty when it can be kept."""
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        return ["Danh sách thành phần hồ sơ không hợp lệ."]
    if not raw:
        return ["Hồ sơ của chương trình cần ít nhất một thành phần."]
    if len(raw) > len(DossierKind):
        return [f"Hồ sơ có nhiều nhất {len(DossierKind)} thành phần."]
    problems: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(raw, start=1):
        kind = item.kind.value if isinstance(item, DossierItemSpec) else _get(item, "kind")
        name = item.name if isinstance(item, DossierItemSpec) else _get(item, "name")
        required = item.required if isinstance(item, DossierItemSpec) else _get(item, "required")
        if kind not in {k.value for k in DossierKind}:
            problems.append(f"Thành phần hồ sơ thứ {n}: không rõ loại «{kind}».")
            continue
        if kind in seen:
            problems.append(f"Thành phần hồ sơ «{labels.DOSSIER_KIND[DossierKind(kind)]}» trùng.")
        seen.add(kind)
        if name is not None and (not isinstance(name, str) or len(clean(name)) > ITEM_NAME_MAX):
            problems.append(
                f"Thành phần hồ sơ thứ {n}: tên dài quá {ITEM_NAME_MAX} ký tự hoặc không hợp lệ."
            )
        if not isinstance(required, bool):
            problems.append(f"Thành phần hồ sơ thứ {n}: chưa rõ bắt buộc hay không.")
    if raw and not problems and not any(_required(i) for i in raw):
        problems.append("Hồ sơ của chương trình cần ít nhất một thành phần bắt buộc.")
    return problems


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def _required(item: Any) -> bool:
    return bool(item.required if isinstance(item, DossierItemSpec) else _get(item, "required"))


def items_of(raw: Any) -> tuple[DossierItemSpec, ...]:
    """The papers of a stored or received list; the recognition plans' four when there is
    none or it cannot be read (a campaign is never left without a dossier)."""
    if raw is None or item_problems(raw):
        return DEFAULT_ITEMS
    out = []
    for item in raw:
        if isinstance(item, DossierItemSpec):
            out.append(item)
            continue
        name = clean(item.get("name") or "") or None
        out.append(DossierItemSpec(DossierKind(item["kind"]), bool(item["required"]), name))
    return tuple(out)


def canonical(items: Sequence[DossierItemSpec] | None) -> tuple[DossierItemSpec, ...]:
    """A campaign's list as entered, as the store keeps it: names cleaned, the usual name
    kept as None (None: the default four)."""
    chosen = items_of(to_json(items)) if items is not None else DEFAULT_ITEMS
    return tuple(
        DossierItemSpec(
            i.kind, i.required, None if i.name == labels.DOSSIER_KIND[i.kind] else i.name
        )
        for i in chosen
    )


def normalised(items: Sequence[DossierItemSpec] | None) -> list[dict[str, Any]]:
    """What is stored for a campaign's list as entered (None: the default four)."""
    return to_json(canonical(items))
