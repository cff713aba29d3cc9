"""What the first page needs and Qt does not: imported by the window's start before Qt is.

Once imported, PySide6 reads the source of every module imported after it (its
``__feature__`` switch looks for the word "PySide6" in each one's text): from a source tree
that was a tenth of the program's start, for some three hundred modules (the store's driver,
SQLAlchemy's ORM, the models, the services of the first page). Imported before Qt, they are
not read. Nothing breaks if this list falls behind what the first page imports: the start
is only slower, which ``bench/bench_start.py`` shows. A frozen build carries no source, so
there the order costs nothing either way.

It also pauses Python's cyclic garbage collector, first of all: the start creates some
hundred thousand objects that all live on (modules, classes, SQLAlchemy's tables and
mappers), and the collector, set off every 700 new objects, went over them some 200 times
for nothing, a sixth of the start's CPU. ``desktop.app.resume_collection()`` turns it back
on once the first page has painted, before anything that may take long first (the first-run
window, a damaged store's questions), and at the latest when the window's run ends.
"""

# ruff: noqa: F401, E402 - imported for their side effect (loaded before Qt), after gc.disable()
from __future__ import annotations

import gc

gc.disable()  # before the imports below; desktop.app.resume_collection() undoes it

import platformdirs  # where the drafts and the settings live
import sqlalchemy.dialects.sqlite.pysqlite  # the embedded store's driver
import sqlalchemy.orm

import desktop.services.campaigns.service  # the campaign chooser
import desktop.services.initiatives.drafts
import desktop.services.initiatives.listing  # the list and its first page
import desktop.services.initiatives.service
import desktop.services.initiatives.undo
import desktop.services.labels
import desktop.services.registry
import desktop.services.store.backup  # the day's copy, taken at the start
import desktop.services.sync.office  # which office this PC is
import desktop.services.units.tree  # the unit filter
