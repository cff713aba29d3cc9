"""The importing process of the fault-injection test (test_bundle_kill.py).

    python import_worker.py SECONDS bundle import BUNDLE --db STORE

Runs ``sangkien bundle import`` (the product's own command, in this process) with a pause of
SECONDS after each step of the import and between its writes of new and of changed
initiatives: all inside the import's one transaction, so that a kill at a random moment
lands in the middle of the real work. Only this process is slowed; the product has no hook.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from typing import Any

from desktop.cli import main
from desktop.services.sync.apply import Applier, initiatives

STEPS = (
    "returned_catalogue_step",
    "units_step",
    "campaigns_step",
    "quotas_step",
    "initiatives_step",
    "returned_step",
    "returned_decisions_step",
    "decisions_step",
    "statuses_step",
)


def _then_pause(write: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    @functools.wraps(write)
    def paused(*args: Any, **kwargs: Any) -> Any:
        result = write(*args, **kwargs)
        time.sleep(seconds)
        return result

    return paused


def slow_down(seconds: float) -> None:
    for name in STEPS:
        setattr(Applier, name, _then_pause(getattr(Applier, name), seconds))
    initiatives.insert_initiatives = _then_pause(initiatives.insert_initiatives, seconds)


if __name__ == "__main__":
    slow_down(float(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
