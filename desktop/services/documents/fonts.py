"""Find a serif font with full Vietnamese coverage on this PC and register it in ReportLab.

Order (docs/vietnamese-text.md): Times New Roman (every Windows PC), then Liberation Serif 2 or
Tinos
(same metrics, free), then DejaVu Serif (covers Vietnamese but not ₫). No font file ships with
the program. Liberation Serif 1.07 lacks 93 Vietnamese letters: a candidate is accepted only
when every face draws every Vietnamese letter.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.services.common import ServiceError

# Every letter of the Vietnamese alphabet with every tone, both cases.
VIETNAMESE_SAMPLE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
VIETNAMESE_SAMPLE += VIETNAMESE_SAMPLE.upper()

# (family shown to the person, file names of regular, bold, italic, bold italic)
CANDIDATES: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    ("Times New Roman", ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")),
    (
        "Times New Roman",
        (
            "Times New Roman.ttf",
            "Times New Roman Bold.ttf",
            "Times New Roman Italic.ttf",
            "Times New Roman Bold Italic.ttf",
        ),
    ),
    (
        "Liberation Serif",
        (
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ),
    ),
    ("Tinos", ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf")),
    (
        "DejaVu Serif",
        (
            "DejaVuSerif.ttf",
            "DejaVuSerif-Bold.ttf",
            "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf",
        ),
    ),
)

REGISTERED_NAME = "SKSerif"  # the name documents use, whichever family stands behind it


class FontsMissing(ServiceError):
    pass


@dataclass(frozen=True)
class FontFamily:
    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    @property
    def has_dong_sign(self) -> bool:
        return self.family != "DejaVu Serif"


def font_dirs() -> list[Path]:
    """Where fonts live on Windows, Linux and macOS; SANGKIEN_FONT_DIRS (os.pathsep-separated)
    replaces the list entirely (tests use it to simulate a PC with fewer fonts)."""
    override = os.environ.get("SANGKIEN_FONT_DIRS")
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            Path.home() / "Library" / "Fonts",
        ]
    else:
        dirs += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts",
            Path.home() / ".fonts",
        ]
    return dirs


def _index(dirs: list[Path]) -> dict[str, list[Path]]:
    """File name (case-folded) -> every path of that name, first directory first. Two
    packages may ship the same file name (Debian's fonts-liberation 1.x, whose Times twin
    lacks Vietnamese letters, beside fonts-liberation2): each is kept, the first that covers
    Vietnamese is used."""
    found: dict[str, list[Path]] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, subdirs, files in os.walk(d):
            subdirs.sort()
            for f in sorted(files):
                if f.lower().endswith((".ttf", ".otf")):
                    found.setdefault(f.casefold(), []).append(Path(root) / f)
    return found


def _covers_vietnamese(path: Path) -> bool:
    try:
        font = TTFont(f"probe-{path.name}", str(path))
    except (TTFError, OSError):
        return False
    cmap = font.face.charToGlyph
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


def candidates(dirs: list[Path] | None = None) -> list[FontFamily]:
    """Every usable family on this PC, best first."""
    index = _index(font_dirs() if dirs is None else dirs)
    out: list[FontFamily] = []
    for family, files in CANDIDATES:
        paths = [
            next((p for p in index.get(f.casefold(), []) if _covers_vietnamese(p)), None)
            for f in files
        ]
        if any(p is None for p in paths):
            continue
        regular, bold, italic, bold_italic = (p for p in paths if p is not None)
        if any(f.family == family for f in out):
            continue
        out.append(FontFamily(family, regular, bold, italic, bold_italic))
    return out


@lru_cache(maxsize=4)
def _find(key: tuple[str, ...]) -> FontFamily:
    found = candidates([Path(p) for p in key])
    if not found:
        raise FontsMissing(
            "Không tìm thấy phông chữ có đủ dấu tiếng Việt để in văn bản. Hãy cài một trong các "
            "phông: Times New Roman (có sẵn trên Windows), Liberation Serif 2 (gói "
            "fonts-liberation2), Tinos (gói fonts-croscore) hoặc DejaVu Serif (gói "
            "fonts-dejavu-core), rồi thử lại."
        )
    return found[0]


def find_font() -> FontFamily:
    return _find(tuple(str(d) for d in font_dirs()))


_registered: dict[str, FontFamily] = {}


def register_font() -> tuple[str, FontFamily]:
    """Register the best family under REGISTERED_NAME (with bold and italic faces) and return
    the ReportLab font names' base and the family chosen."""
    family = find_font()
    name = f"{REGISTERED_NAME}-{family.family.replace(' ', '')}"
    if name not in _registered:
        pdfmetrics.registerFont(TTFont(name, str(family.regular)))
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(family.bold)))
        pdfmetrics.registerFont(TTFont(f"{name}-Italic", str(family.italic)))
        pdfmetrics.registerFont(TTFont(f"{name}-BoldItalic", str(family.bold_italic)))
        pdfmetrics.registerFontFamily(
            name,
            normal=name,
            bold=f"{name}-Bold",
            italic=f"{name}-Italic",
            boldItalic=f"{name}-BoldItalic",
        )
        _registered[name] = family
    return name, family
