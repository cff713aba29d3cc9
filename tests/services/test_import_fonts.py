"""Old TCVN3/VNI cells of an initiative list are converted by their font, which is learnt from
styles.xml and the cells' style numbers (not by reading the workbook again with openpyxl)."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from desktop.services.initiatives.listing import ListQuery
from desktop.services.xlsx_guard import legacy_font_cells
from support.initiative_fixtures import build_world

UNIT = "CĐCS Trường Tiểu học Bản Bo"
# "Nguyễn Văn Thành", "Trần Thị Hường", "Lò Văn Inh" as the old fonts' keyboards typed them.
TCVN3 = "NguyÔn V¨n Thµnh"
VNI = "Traàn Thò Höôøng"
TCVN3_CAPS = "Lß V¨n Inh"  # in .VnTimeH, the capitals font: shown "LÒ VĂN INH"


@pytest.fixture
def world(services):
    return build_world(services)


def _list(path, authors, fonts=None):
    """A list with one initiative per author cell; ``fonts``: {row index: the author's font}."""
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH SÁNG KIẾN"])
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"])
    for i, name in enumerate(authors):
        ws.append([i + 1, f"Sáng kiến số {i + 1}", name, UNIT])
        if fonts and i in fonts:
            ws.cell(row=ws.max_row, column=3).font = Font(name=fonts[i])
    wb.save(path)
    return path


def _authors(services, campaign_id):
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=campaign_id), 0, 50)
    return {r.title: services.initiatives.get(r.id).data.authors[0].full_name for r in rows}


def test_old_cells_come_in_by_their_font(services, world, tmp_path):
    path = _list(
        tmp_path / "ds.xlsx",
        [TCVN3, VNI, TCVN3_CAPS, "Nguyễn Văn An", "Đỗ Thị Café"],
        fonts={0: ".VnTime", 1: "VNI-Times", 2: ".VnTimeH", 3: ".VnTime"},
    )
    imp = services.initiative_import
    sheet = imp.read(path)
    assert sheet.converted_cells == 3
    result = imp.commit(imp.plan(sheet, world.campaign.id))
    assert result.created == 5 and not result.rejected
    assert _authors(services, world.campaign.id) == {
        "Sáng kiến số 1": "Nguyễn Văn Thành",
        "Sáng kiến số 2": "Trần Thị Hường",
        # The capitals font says what the text alone cannot: it was shown in capitals.
        "Sáng kiến số 3": "LÒ VĂN INH",
        # Unicode text left in an old font (as Unikey converts it) stays as it is.
        "Sáng kiến số 4": "Nguyễn Văn An",
        "Sáng kiến số 5": "Đỗ Thị Café",
    }


def test_a_unicode_list_without_old_fonts_comes_in_unchanged(services, world, tmp_path):
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Café Müller", "Lò Văn Inh"]
    path = _list(tmp_path / "ds.xlsx", names, fonts={1: "Times New Roman", 2: "Arial"})
    assert legacy_font_cells(path, "Sheet") == {}
    imp = services.initiative_import
    sheet = imp.read(path)
    assert sheet.converted_cells == 0
    imp.commit(imp.plan(sheet, world.campaign.id))
    assert sorted(_authors(services, world.campaign.id).values()) == sorted(names)


def test_old_text_in_an_ordinary_font_is_still_recognised_by_its_look(services, world, tmp_path):
    path = _list(tmp_path / "ds.xlsx", [TCVN3, VNI], fonts={0: "Arial"})
    imp = services.initiative_import
    imp.commit(imp.plan(imp.read(path), world.campaign.id))
    assert sorted(_authors(services, world.campaign.id).values()) == [
        "Nguyễn Văn Thành",
        "Trần Thị Hường",
    ]


def _fonts_by_openpyxl(path):
    ws = load_workbook(path).active
    return {
        (c.row - 1, c.column - 1): c.font.name
        for row in ws.iter_rows()
        for c in row
        if c.value is not None and c.font.name and c.font.name.lower().startswith((".vn", "vni"))
    }


def test_fonts_agree_with_openpyxl_on_a_workbook_written_by_excel_or_openpyxl(tmp_path):
    path = _list(
        tmp_path / "ds.xlsx",
        [TCVN3, VNI, TCVN3_CAPS, "Nguyễn Văn An", TCVN3],
        fonts={0: ".VnTime", 1: "VNI-Times", 2: ".VnTimeH", 3: "Arial", 4: ".VnTime"},
    )
    found = legacy_font_cells(path, "Sheet")
    assert found == _fonts_by_openpyxl(path)
    assert found[(2, 2)] == ".VnTime" and found[(3, 2)] == "VNI-Times"


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="2"><font><sz val="12"/><name val="{first}"/></font>
<font><sz val="11"/><name val="{second}"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _old_workbook(path, sheet_data, default_font=".VnTime"):
    """A workbook as an old generator writes it: the default font ``default_font`` (every cell
    without a style of its own is in it; s="1" is the other of .VnTime and Arial), rows and
    cells that may leave out their reference."""
    other = "Arial" if default_font == ".VnTime" else ".VnTime"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES.format(first=default_font, second=other),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


def _is(text):
    return f"<is><t>{text.replace('&', '&amp;').replace('<', '&lt;')}</t></is>"


def test_fonts_of_an_old_workbook_whose_default_font_is_vntime(tmp_path):
    # Row 1 with references; row 2 without any: its cells follow each other from A.
    data = (
        f'<row r="1"><c r="A1" t="inlineStr">{_is("x")}</c>'
        f'<c r="B1" s="1" t="inlineStr">{_is("Arial")}</c>'
        f'<c r="C1" t="inlineStr">{_is(TCVN3)}</c></row>'
        f'<row><c t="inlineStr">{_is(TCVN3)}</c><c s="1" t="inlineStr">{_is("y")}</c>'
        f'<c t="inlineStr">{_is(TCVN3_CAPS)}</c></row>'
    )
    path = _old_workbook(tmp_path / "cu.xlsx", data)
    found = legacy_font_cells(path, "DS")
    assert found == _fonts_by_openpyxl(path)
    assert set(found) == {(0, 0), (0, 2), (1, 0), (1, 2)}


def test_cells_without_a_reference_in_an_old_font_style(tmp_path):
    # The default font is Arial; s="1" is .VnTime, on cells placed by the cells before them.
    data = (
        f'<row r="3"><c t="inlineStr">{_is("a")}</c>'
        f'<c s="1" t="inlineStr">{_is(TCVN3)}</c></row>'
        f'<row r="4"><c r="D4" s="1" t="inlineStr">{_is(VNI)}</c>'
        f'<c r="E4" t="inlineStr">{_is(VNI)}</c></row>'
    )
    path = _old_workbook(tmp_path / "cu.xlsx", data, default_font="Arial")
    assert (
        legacy_font_cells(path, "DS")
        == _fonts_by_openpyxl(path)
        == {
            (2, 1): ".VnTime",
            (3, 3): ".VnTime",
        }
    )
