"""The one way a command opens the store: ``with opened(args) as services: ...``.

The store named by ``--db`` (then ``$SANGKIEN_DB``, then the default file) is opened, upgraded
if need be, and given the services the window uses (``Services.over``, which also starts a
restored copy's new epoch); it is closed when the block ends, also on an error. Work with the
store inside the block; print after it, so a slow terminal does not hold the store open."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services are imported when a command runs, not to parse its arguments
    from desktop.services.registry import Services


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Services]:
    from desktop.services.registry import Services
    from desktop.services.store.opening import open_store

    store = open_store(getattr(args, "db", None))
    try:
        yield Services.over(store)
    finally:
        store.close()
