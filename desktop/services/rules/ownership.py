"""Who may write what: the single-writer rules (``docs/sync-promises.md``, promise 5) in one
place.

Offices share no network, so a record written at an office that does not own it would never
travel, and the two offices would disagree until the owner changed it again. The same rules
therefore decide three things: what the services let this office write (a refusal is an
:class:`NotOwner` error with a Vietnamese message), what the window offers, and what the bundle
importer accepts from a verified sender (anything else is "ignored" with its reason).

The rules follow the unit tree, which every office shares:

* an initiative's content (fields, authors, dossier items, deletion) belongs to the office of
  the unit directly above its grassroots union: the district-level union, or the province for
  a grassroots union directly under it;
* an initiative's status has two writers, merged without conflict: the content owner moves it
  through the registration steps (registered ↔ dossier sent) until the province first sets a
  status of its own; from then on the province's status wins everywhere (``status_version``
  holds the province's logical version; None = the province has not set it yet);
* councils, scores, decisions and nominations belong to the province;
* a grassroots union's catalogue entry (name, code, sector) and quotas belong to the office
  of its parent; every other unit, every campaign and every other quota belong to the
  province;
* where a unit sits in the tree (its parent link: moves, merges, the units a reorganisation
  creates, dissolves or moves) belongs to the province: a reorganisation is its decision;
* an office that keeps the books of a unit below it that does not run the program
  (``services/units/books.py``) writes for that unit what the unit's own office would: the
  content and registration steps of its grassroots unions' initiatives, their catalogue
  entries and quotas. When the unit's own office starts, the books are handed over and the
  office writes them no more.

A store with no office set up yet (a lone PC before the first-run dialog, a test store) has
nobody to exchange bundles with: it may write everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import InitiativeStatus, KeptBooks, Office, Unit, UnitKind, UnitLevel
from desktop.services.common import ServiceError, local_office

# The steps of an initiative's life its district moves it through before the province does.
DISTRICT_STATUSES = frozenset({InitiativeStatus.REGISTERED, InitiativeStatus.DOSSIER_SENT})
# What the office above a province decides on a province's initiative: what was nominated.
NATIONAL_STATUSES = frozenset({InitiativeStatus.NOMINATED, InitiativeStatus.COMMENDED})

PROVINCE_ONLY = "Chỉ LĐLĐ tỉnh được {what}; văn phòng {office} nhận việc này qua gói dữ liệu."


class NotOwner(ServiceError):
    """This office does not own what it tried to change (it would never reach the owner)."""


@dataclass(frozen=True)
class Ownership:
    """What one office owns; ``unit_id`` None = no office set up (may write everything)."""

    unit_id: int | None = None
    kind: UnitKind | None = None
    name: str = ""
    # The units whose books this office keeps (services/units/books.py).
    kept: frozenset[int] = frozenset()
    # Grassroots unions that run the program themselves (an office enrolled here): each
    # writes its own initiatives, its upper-level union no longer does.
    own_offices: frozenset[int] = frozenset()
    # Below an authority above provinces: the units of each province (or central sector
    # union) that runs the program, the province itself included. Their catalogue, quotas and
    # statuses are that province's; this office only reads them, and decides only on the
    # initiatives proposed to it (nominated).
    delegated: frozenset[int] = frozenset()

    @property
    def unrestricted(self) -> bool:
        return self.unit_id is None

    @property
    def is_province(self) -> bool:
        """An authority: a province, a central sector union or the Tổng Liên đoàn (each
        evaluates, runs campaigns and keeps the catalogue of what is below it)."""
        return self.kind is not None and self.kind.level <= UnitLevel.PROVINCE

    # ---- initiatives ---------------------------------------------------------------------
    def owns_content(self, grassroots_parent_id: int | None, unit_id: int | None = None) -> bool:
        """May this office write the content of initiatives of grassroots union ``unit_id``
        whose parent unit is ``grassroots_parent_id``? A grassroots union that runs the
        program writes its own; then its upper-level union does not."""
        if self.unrestricted:
            return True
        if unit_id is not None and unit_id == self.unit_id:
            return True
        if self.kind == UnitKind.GRASSROOTS or (
            unit_id is not None and unit_id in self.own_offices
        ):
            return False
        return self.writes_for(grassroots_parent_id)

    def writes_for(self, unit_id: int | None) -> bool:
        """Does this office write what the office of ``unit_id`` would: its own unit, or one
        whose books it keeps?"""
        return unit_id is not None and (unit_id == self.unit_id or unit_id in self.kept)

    def status_moves_allowed(
        self,
        grassroots_parent_id: int | None,
        province_has_status: bool,
        unit_id: int | None = None,
    ) -> frozenset[InitiativeStatus] | None:
        """The statuses this office may set on such an initiative (None = every status)."""
        if self.unrestricted:
            return None
        if self.is_province and grassroots_parent_id in self.delegated:
            return NATIONAL_STATUSES  # what was proposed to it
        if self.is_province:
            return None
        if self.owns_content(grassroots_parent_id, unit_id) and not province_has_status:
            return DISTRICT_STATUSES
        return frozenset()

    def may_set_status(
        self,
        grassroots_parent_id: int | None,
        province_has_status: bool,
        old: InitiativeStatus,
        new: InitiativeStatus,
        unit_id: int | None = None,
    ) -> bool:
        allowed = self.status_moves_allowed(grassroots_parent_id, province_has_status, unit_id)
        return allowed is None or (old in allowed and new in allowed)

    # ---- evaluation, campaigns -----------------------------------------------------------
    @property
    def owns_evaluation(self) -> bool:
        """Councils, scores, decisions, nominations."""
        return self.unrestricted or self.is_province

    @property
    def owns_councils(self) -> bool:
        """Councils and scoring: an authority's, and also a direct upper-level union's own
        council that screens its unions' initiatives before proposing them (its scores are
        its own records; the official statuses and decisions stay the authority's)."""
        return self.owns_evaluation or (
            self.kind is not None and self.kind.level == UnitLevel.UPPER
        )

    @property
    def owns_campaigns(self) -> bool:
        return self.unrestricted or self.is_province

    # ---- the unit catalogue and quotas ---------------------------------------------------
    def owns_unit(self, kind: UnitKind, parent_id: int | None) -> bool:
        """May this office write the catalogue entry of a unit of this kind and parent?"""
        if self.unrestricted:
            return True
        if parent_id is not None and parent_id in self.delegated:
            return False
        if kind == UnitKind.GRASSROOTS:
            return self.writes_for(parent_id)
        return self.is_province

    @property
    def owns_placement(self) -> bool:
        """May this office change where units sit in the tree (move, merge, reorganise)?"""
        return self.unrestricted or self.is_province

    def owns_quota_of(self, kind: UnitKind, parent_id: int | None) -> bool:
        """May this office set the quota of a unit of this kind and parent?"""
        return self.owns_unit(kind, parent_id)

    # ---- messages ------------------------------------------------------------------------
    def province_only(self, what: str) -> NotOwner:
        return NotOwner(PROVINCE_ONLY.format(what=what, office=self.name or "này"))

    def not_content_owner(self, unit_name: str, owner_name: str | None = None) -> NotOwner:
        owner = owner_name or "công đoàn cấp trên trực tiếp của đơn vị đó"
        return NotOwner(
            f"Sáng kiến của {unit_name} do {owner} nhập và sửa, rồi gửi lên qua gói dữ liệu; "
            f"văn phòng {self.name or 'này'} chỉ xem. Sửa ở đây sẽ không đến được nơi quản lý "
            "sáng kiến. Nếu đơn vị đó chưa dùng chương trình, văn phòng có thể giữ sổ hộ "
            "(trang Đơn vị → «Giữ sổ hộ»)."
        )


def of_unit(
    unit: Unit,
    kept: frozenset[int] = frozenset(),
    own_offices: frozenset[int] = frozenset(),
    delegated: frozenset[int] = frozenset(),
) -> Ownership:
    return Ownership(unit.id, unit.kind, unit.short_name or unit.name, kept, own_offices, delegated)


def delegated_units(s: Session, unit: Unit) -> frozenset[int]:
    """Above provinces: the units of every province-level office enrolled here (its subtree,
    itself included). Empty for any other office."""
    if unit.kind != UnitKind.NATIONAL:
        return frozenset()
    from desktop.services.sync.relations import subtree

    provinces = s.scalars(
        select(Unit.id)
        .join(Office, Office.unit_id == Unit.id)
        .where(
            Office.is_local.is_(False), Unit.kind.in_([UnitKind.PROVINCE, UnitKind.CENTRAL_SECTOR])
        )
    )
    out: set[int] = set()
    for p in provinces:
        out |= subtree(s, p)
    return frozenset(out)


def grassroots_offices(s: Session) -> frozenset[int]:
    """The grassroots unions with an office of their own known here (enrolled, or this one)."""
    return frozenset(
        s.scalars(
            select(Unit.id)
            .join(Office, Office.unit_id == Unit.id)
            .where(Unit.kind == UnitKind.GRASSROOTS)
        )
    )


def kept_units(s: Session, office_uid: str) -> frozenset[int]:
    """The units whose books the office ``office_uid`` keeps now."""
    return frozenset(
        s.scalars(
            select(KeptBooks.unit_id).where(
                KeptBooks.keeper_office_uid == office_uid, KeptBooks.ended_at.is_(None)
            )
        )
    )


def ownership(s: Session) -> Ownership:
    """What the local office owns (everything when no office is set up)."""
    office = local_office(s)
    if office is None or office.unit_id is None:
        return Ownership()
    unit = s.get(Unit, office.unit_id)
    if unit is None:
        return Ownership()
    return of_unit(unit, kept_units(s, office.uid), grassroots_offices(s), delegated_units(s, unit))
