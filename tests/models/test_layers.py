"""The library under the window knows nothing of Qt (docs/architecture.md): it is usable and
testable alone."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt\d)\b", re.MULTILINE)


def test_models_and_services_do_not_import_qt():
    offenders = [
        str(path.relative_to(ROOT))
        for layer in ("desktop/models", "desktop/services", "desktop/text")
        for path in (ROOT / layer).rglob("*.py")
        if QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_services_load_without_qt_being_imported():
    code = (
        "import sys, desktop.services.registry, desktop.services.demo.builder, "
        "desktop.services.units.excel_list;"
        "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_text_package_needs_neither_qt_nor_sqlalchemy():
    """Vietnamese text is pure functions over strings: usable from any layer, tested alone."""
    code = (
        "import sys, desktop.text.normalise, desktop.text.collation, desktop.text.numbers, "
        "desktop.text.dates, desktop.text.legacy_encodings;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', "
        "'sqlalchemy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
