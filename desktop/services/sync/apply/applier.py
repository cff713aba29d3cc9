"""The whole bundle, step by step in dependency order, inside the caller's one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from desktop.models import Office
from desktop.services.sync.apply import campaigns, decisions, initiatives, units
from desktop.services.sync.apply.context import ApplyContext, Tally
from desktop.services.sync.apply.values import BadRecord
from desktop.services.sync.datastream import Event

STREAMED = "initiatives"  # the section a streamed bundle carries last, read as it comes
BATCH = 5_000  # initiatives applied at a time from a streamed bundle


class Applier:
    """One import: ``sender`` is the enrolled office the bundle was verified to come from.

    Each step reads one part of the bundle (the record families live in their own modules);
    the steps stay methods here so that a step can be watched or replaced as one piece."""

    def __init__(self, s: Session, me: Office, sender: Office, local_clock: int) -> None:
        self.ctx = ApplyContext(s, me, sender, local_clock)

    @property
    def tally(self) -> Tally:
        return self.ctx.tally

    def _steps(self) -> list[tuple[str, Callable[[list[Any]], None]]]:
        return [
            ("returned_records", self.returned_catalogue_step),
            ("units", self.units_step),
            ("handover_units", self.handover_units_step),
            ("campaigns", self.campaigns_step),
            ("quotas", self.quotas_step),
            (STREAMED, self.initiatives_step),
            ("returned_initiatives", self.returned_step),
            ("handover_initiatives", self.handover_initiatives_step),
            ("handover_records", self.handover_step),
            ("moved_edits", self.moved_edits_step),
            ("moved_edit_outcomes", self.moved_edit_outcomes_step),
            ("returned_records", self.returned_decisions_step),
            ("decisions", self.decisions_step),
            ("statuses", self.statuses_step),
            ("nominations", self.nominations_step),
            ("proposals", self.proposals_step),
        ]

    def _run_steps(
        self, data: dict[str, Any], steps: list[tuple[str, Callable[[list[Any]], None]]]
    ) -> None:
        for key, step in steps:
            records = data.get(key, [])
            if not isinstance(records, list):
                raise BadRecord(f"phần «{key}» của gói không hợp lệ")
            step([r for r in records])
            self.ctx.s.flush()

    def run(self, data: dict[str, Any]) -> Tally:
        self._run_steps(data, self._steps())
        return self.ctx.tally

    def run_stream(self, events: Iterable[Event], batch: int = BATCH) -> Tally:
        """The same steps over data read as a stream (reading.py): the sections before the
        initiatives are held (catalogue, quotas, decisions: small), the initiatives are
        applied ``batch`` at a time as they are read, then the sections after them. Whoever
        reads the stream checks its SHA-256 at its end, before the import commits."""
        steps = self._steps()
        at = next(i for i, (key, _) in enumerate(steps) if key == STREAMED)
        before, after = steps[:at], steps[at + 1 :]
        held: dict[str, Any] = {}
        streamed = False
        it = iter(events)
        for kind, key, value in it:
            if key == STREAMED and not streamed:
                streamed = True
                if kind == "value":
                    raise BadRecord(f"phần «{key}» của gói không hợp lệ")
                self._run_steps(held, before)
                self._stream_initiatives(value if kind == "item" else None, kind, it, batch)
                continue
            if streamed and any(key == k for k, _ in before):
                raise BadRecord(f"phần «{key}» của gói nằm sau phần sáng kiến")
            if kind == "item":
                held.setdefault(key, []).append(value)
            elif kind == "end":
                held.setdefault(key, [])
            else:
                held[key] = value
        if not streamed:
            self._run_steps(held, before)
        self._run_steps(held, after)
        return self.ctx.tally

    def _stream_initiatives(self, first: Any, kind: str, it: Iterator[Event], batch: int) -> None:
        if kind == "end":
            return
        records = [first]
        for kind, _key, value in it:
            if kind == "end":
                break
            records.append(value)
            if len(records) >= batch:
                self.initiatives_step(records)
                self.ctx.s.flush()
                records = []
        if records:
            self.initiatives_step(records)
            self.ctx.s.flush()

    def returned_catalogue_step(self, records: list[Any]) -> None:
        """This office's own catalogue entries sent back after a restore (restore.py): first,
        as what the bundle carries may refer to them."""
        from desktop.services.sync.returned import CATALOGUE_KINDS, apply_returned_records

        apply_returned_records(self.ctx, records, CATALOGUE_KINDS)

    def units_step(self, records: list[Any]) -> None:
        units.units_step(self.ctx, records)

    def handover_units_step(self, records: list[Any]) -> None:
        """The grassroots unions of books handed over to this office (handover.py)."""
        units.handover_units_step(self.ctx, records)

    def campaigns_step(self, records: list[Any]) -> None:
        campaigns.campaigns_step(self.ctx, records)

    def quotas_step(self, records: list[Any]) -> None:
        campaigns.quotas_step(self.ctx, records)

    def initiatives_step(self, records: list[Any]) -> None:
        initiatives.initiatives_step(self.ctx, records)

    def returned_step(self, records: list[Any]) -> None:
        """This office's own initiatives sent back by a peer after a restore (restore.py)."""
        from desktop.services.sync.returned import apply_returned

        apply_returned(self.ctx, records)

    def handover_initiatives_step(self, records: list[Any]) -> None:
        """The initiatives of grassroots unions the province moved to this office."""
        from desktop.services.sync.handover import apply_handover

        apply_handover(self.ctx, records)

    def moved_edits_step(self, records: list[Any]) -> None:
        """Late edits of a moved union's old office, for this office to decide (moved_edits)."""
        from desktop.services.sync.moved_edits import apply_moved_edits

        apply_moved_edits(self.ctx, records)

    def moved_edit_outcomes_step(self, records: list[Any]) -> None:
        from desktop.services.sync.moved_edits import apply_outcomes

        apply_outcomes(self.ctx, records)

    def handover_step(self, records: list[Any]) -> None:
        """The quotas of grassroots unions the province moved to this office (handover.py),
        taken as this office's own, each when newer than what it holds."""
        from desktop.services.sync.returned import apply_returned_records

        apply_returned_records(self.ctx, records, frozenset({"quota"}))

    def returned_decisions_step(self, records: list[Any]) -> None:
        """A restored province's own decisions and statuses, and a restored upper-level
        union's proposals, once the initiatives are in."""
        from desktop.services.sync.returned import LATE_KINDS, apply_returned_records

        apply_returned_records(self.ctx, records, LATE_KINDS)

    def decisions_step(self, records: list[Any]) -> None:
        decisions.decisions_step(self.ctx, records)

    def statuses_step(self, records: list[Any]) -> None:
        decisions.statuses_step(self.ctx, records)

    def nominations_step(self, records: list[Any]) -> None:
        """What an authority below proposes to this office (its nominations)."""
        decisions.nominations_step(self.ctx, records)

    def proposals_step(self, records: list[Any]) -> None:
        """What a direct upper-level union below proposes to the province."""
        from desktop.services.sync.proposals import proposals_step

        proposals_step(self.ctx, records)
