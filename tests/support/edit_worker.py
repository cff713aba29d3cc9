"""One officer's program, for the two-process test of concurrent edits (test_two_officers.py).

    PYTHONPATH=REPOSITORY python tests/support/edit_worker.py STORE_URL INITIATIVE_ID

Loads the initiative as the form does (``get``), prints ``{"loaded": edit_version}``, then
waits for one line on stdin: ``{"benefit_vnd": …}`` or ``{"title": …}`` — the field this
officer changes. It saves the loaded data with that change, sending back the version it
loaded, as the form does, and exits:

    0  saved              {"saved": new edit_version}
    3  refused: conflict  {"conflict": message, "who": …, "when": …}
    4  another error      {"error": message}
"""

from __future__ import annotations

import dataclasses
import json
import sys

from desktop.services.common import EditConflict, ServiceError
from desktop.services.registry import Services
from desktop.services.store.opening import open_store


def main(url: str, initiative_id: int) -> int:
    store = open_store(url, migrate_schema=False)
    try:
        services = Services.over(store)
        detail = services.initiatives.get(initiative_id)
        print(json.dumps({"loaded": detail.edit_version}), flush=True)
        change = json.loads(sys.stdin.readline())
        data = dataclasses.replace(detail.data, **change)
        try:
            saved = services.initiatives.update(
                initiative_id, data, expected_version=detail.edit_version
            )
        except EditConflict as exc:
            when = exc.when.isoformat() if exc.when else None
            print(json.dumps({"conflict": str(exc), "who": exc.who, "when": when}), flush=True)
            return 3
        except ServiceError as exc:
            print(json.dumps({"error": str(exc)}), flush=True)
            return 4
        print(json.dumps({"saved": saved.edit_version}), flush=True)
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
