"""A package's names, imported when first asked for rather than with the package.

``desktop.services.sync`` offers ``BundleService`` at its top, but importing any of its small
modules (``sync.restore`` at every start, for a constant) ran the package's ``__init__`` and
so imported the whole importer, exporter and their cryptography. With ``lazy_exports`` the
package's ``__init__`` names where each export lives, and Python's module ``__getattr__``
(PEP 562) imports it on first use; type checkers read the same names from an
``if TYPE_CHECKING:`` import beside it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: ``where`` maps each name to its module."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # asked once, then an ordinary attribute
        return value

    return __getattr__
