"""Apply a verified bundle's data inside ONE transaction, counting per unit what happens.

The same code makes the preview (the transaction is rolled back) and the import (committed),
so what the person saw is exactly what is written.

* ``applier``: the steps in dependency order (``Applier.run``);
* ``context``: what the steps share (session, sender, counts, the catalogue's ids, stamps);
* ``values``: reading one field of an untrusted record;
* ``units``, ``campaigns`` (and quotas), ``initiative_rows`` and ``initiatives``,
  ``decisions`` (and statuses): one module per record family.
"""

from desktop.services.sync.apply.applier import Applier
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext, Tally
from desktop.services.sync.apply.values import BadRecord

__all__ = ["CATALOGUE", "Applier", "ApplyContext", "BadRecord", "Tally"]
