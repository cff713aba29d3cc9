"""Bundles: how offices with no network between them keep one consistent picture.

A district exports a bundle file (USB stick or e-mail attachment); the province imports it and
sends one back. Bundles get lost, duplicated, reordered, truncated or tampered with; the ten
promises of ``docs/sync-promises.md`` hold through this design:

Ownership (single writer per field group, promise 5) — decided by the unit hierarchy, which
both sides share, never by who sent a row last:

* an initiative's CONTENT (fields, authors, dossier items, deletion tombstone) belongs to the
  district-level office whose unit is the parent of the initiative's grassroots unit;
* an initiative's STATUS and the DECISIONS (``Decision``/``DecisionEntry``) belong to the
  province office; councils and scores stay at the province;
* a grassroots unit's catalogue entry and the quotas of grassroots units belong to their
  district; every other unit, every campaign (periods, fields, deadlines, participants) and
  the quotas of districts and of the province belong to the province.

A bundle only CARRIES groups its sender owns (``payload.collect``), and the importer only
ACCEPTS groups the (verified) sender owns (``apply.Applier``): anything else is "ignored"
and reported with its reason. So there are no write-write conflicts by construction.

Versions (promise 4) — every office has a logical clock (``Office.clock``, bumped by
``common.tick``; never the PC's time). A record's ``version`` is the local clock at its last
local write. Each exported group carries ``v``, the owner's clock at its last change. The
receiver keeps, per record and group, the owner's version it holds (``SyncStamp``) and
replaces the value only when ``v`` is greater: a last-writer-wins register with one writer,
so any order, duplication or loss of bundles, once all are delivered, gives the same state.
A re-enrolled office (new PC, new clock) has a new office uid, so its stamps start afresh.

Acknowledgements and gaps (promises 3 and 6) — a bundle to peer P carries everything the
sender owns changed after ``since`` = the sender's clock value P last acknowledged
(``SyncPeer.acked_clock``), up to ``upto`` (the sender's clock now), with a sequence number per
(sender, recipient). The receiver holds P's data without a gap up to ``received_clock``; a
bundle with ``since <= received_clock`` extends it to ``upto``; a bundle with a larger
``since`` means an earlier bundle was lost: it is still applied (the versions make it safe),
the gap is reported with the missing sequence numbers, and the coverage does not move, so
the acknowledgement that travels back (``ack`` in every bundle) makes the next bundle cover
the lost one. A full re-export can also be asked for (``ask_full_resend``). The same
(sender, sequence) with the same bytes is "already imported" (nothing changes); with other
bytes it is refused.

Conflicts (promise 5, what remains) — if a district changes an initiative's content after the
province decided on it, the content still changes (the district owns it) but a
``SyncConflict`` keeps the content that was decided on, shown side by side with the current
content. At the province it is detected when such content arrives for an initiative with a
decided status or a decision entry; each status the province sends carries ``basis``, the
content version it decided on, and the district detects it when its content version is
newer. The province "reconfirms" (``resolve_conflict``), which re-sends the status on the
current content and clears the district's conflict too.

Restores (promise 12) — a restored store starts a new epoch of its office (``restore``,
docs/restore-and-epochs.md): its clock jumps above every value of earlier epochs, its bundles
are numbered afresh and received sequence numbers count per (sender, epoch); a peer that sees
a new epoch sends everything again, with the records the restored office owns, until it says
it has them.

Authenticity, safety, atomicity (promises 1, 7, 8, 9) — see ``container`` (a ZIP with a
signed manifest listing ``data.json``'s SHA-256 and size, read with bounds and never
extracted to disk), ``importer`` and ``verify`` (copy off the stick, verify the sender's
enrolled Ed25519 key, the recipient, every byte; then apply in one transaction) and
``export`` (write to a temporary name, rename, read back and verify). Every export and
import, accepted or refused, goes to the sync history (promise 10).

Bad records and hostile files (promises 11 and 14) — a record that is invalid or that the
database refuses is rejected alone, inside a SAVEPOINT, and the rest applies; the signature
is checked before ``data.json`` is read, which is then read no further than the signed
manifest declares. Formats (major.minor), what each office runs and how a bundle stays
readable by a peer that has not upgraded: ``docs/bundle-format.md``.
"""

from typing import TYPE_CHECKING

from desktop.services.exports import lazy_exports

if TYPE_CHECKING:
    from desktop.services.sync.container import BundleRefused
    from desktop.services.sync.reports import (
        ConflictRow,
        ExportPlan,
        ExportResult,
        ImportReport,
        PeerState,
        ReportNote,
        UnitCounts,
    )
    from desktop.services.sync.service import BundleService

_REPORTS = "desktop.services.sync.reports"
__getattr__ = lazy_exports(
    __name__,
    {
        "BundleRefused": "desktop.services.sync.container",
        "BundleService": "desktop.services.sync.service",
        **dict.fromkeys(
            (
                "ConflictRow",
                "ExportPlan",
                "ExportResult",
                "ImportReport",
                "PeerState",
                "ReportNote",
                "UnitCounts",
            ),
            _REPORTS,
        ),
    },
)

__all__ = [
    "BundleRefused",
    "BundleService",
    "ConflictRow",
    "ExportPlan",
    "ExportResult",
    "ImportReport",
    "PeerState",
    "ReportNote",
    "UnitCounts",
]
