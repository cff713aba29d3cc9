"""An author's phone and e-mail (the national portal's form asks for them): optional, checked
for a plausible form with the same message on every entry path, read from Excel lists, and in
bundles: always in a handover of books, up to the office above only when the office chooses.

Made-up numbers and addresses only (personal data)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.models import Author, Campaign, Initiative, Unit, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ValidationFailed
from desktop.services.initiatives.excel_sheet import guess_target
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.rules.contacts import phone_digits, phone_of_cell
from desktop.services.store.opening import open_store
from desktop.services.units.books import BooksService
from desktop.services.units.excel_list import import_unit_list, read_unit_list
from support.books_fixtures import BL, units_file
from support.initiative_fixtures import build_world
from support.sync_fixtures import copy_offices, fingerprint, writes_format_1_to

PHONE = "0912 345 678"
EMAIL = "tacgia@example.vn"


def _input(world, title: str, *authors: AuthorInput) -> InitiativeInput:
    return InitiativeInput(
        world.campaign.id, world.school.id, title, authors, applied_on=dt.date(2022, 1, 5)
    )


def test_plausible_numbers_and_addresses_are_kept_as_typed(services):
    world = build_world(services)
    detail = services.initiatives.create(
        _input(
            world,
            "Sổ liên lạc điện tử",
            AuthorInput("Lò Văn Tư", contribution_pct=Decimal(50), phone=PHONE, email=EMAIL),
            AuthorInput("Hà Thị Năm", contribution_pct=Decimal(50)),  # both optional
        )
    )
    first, second = services.initiatives.get(detail.id).data.authors
    assert (first.phone, first.email) == (PHONE, EMAIL)
    assert (second.phone, second.email) == (None, None)
    for ok in ("0912.345.678", "+84 912 345 678", "(024) 3826 1234", "0912-345-678"):
        assert phone_digits(ok), ok
    for bad in ("12345", "0912 345 67", "091234567890", "0912 345 67a", "+1 212 555 0100"):
        assert phone_digits(bad) is None, bad


@pytest.mark.parametrize(
    ("phone", "email", "message"),
    [
        ("0912 345", None, "Tác giả thứ 1: số điện thoại «0912 345» không hợp lệ"),
        (None, "tacgia@example", "Tác giả thứ 1: email «tacgia@example» không hợp lệ"),
        (None, "tac gia@example.vn", "email «tac gia@example.vn» không hợp lệ"),
        (None, "tacgia.example.vn", "ví dụ tacgia@example.vn"),
    ],
)
def test_an_implausible_one_is_refused_with_a_vietnamese_message(services, phone, email, message):
    world = build_world(services)
    with pytest.raises(ValidationFailed) as err:
        services.initiatives.create(
            _input(world, "Sổ liên lạc", AuthorInput("Lò Văn Tư", phone=phone, email=email))
        )
    assert message in str(err.value)
    assert [i.field for i in err.value.issues] == ["authors"]


def _contacts_sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ NĂM 2022"
    header = ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng", "Số điện thoại", "Email"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=3, column=c, value=h)
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


def test_an_excel_list_with_phone_and_email_columns(services, tmp_path):
    world = build_world(services)
    unit = "CĐCS Trường Tiểu học Bản Bo"
    path = _contacts_sheet(
        tmp_path / "ds.xlsx",
        [
            [1, "Sổ liên lạc điện tử", "Lò Văn Tư", unit, "05/01/2022", PHONE, EMAIL],
            # Typed as a number, Excel dropped the leading 0; a group: the first author's.
            [2, "Bếp đun tiết kiệm", "Hà Thị Năm, Lù Văn Sáu", unit, "06/01/2022", 987654321, ""],
            [3, "Máy bơm nước", "Vàng A Bảy", unit, "07/01/2022", "12345", "bay@example"],
        ],
    )
    result = services.initiative_import.import_file(path, world.campaign.id)
    assert result.created == 2
    [rejected] = result.rejected
    assert "số điện thoại «12345» không hợp lệ" in rejected.reason
    assert "email «bay@example» không hợp lệ" in rejected.reason
    with services.store.session_factory() as s:
        got = {
            a.full_name: (a.phone, a.email) for a in s.scalars(select(Author).order_by(Author.id))
        }
    assert got == {
        "Lò Văn Tư": (PHONE, EMAIL),
        "Hà Thị Năm": ("0987654321", None),
        "Lù Văn Sáu": (None, None),
    }
    assert phone_of_cell(987654321.0) == "0987654321"
    for header in ("Số điện thoại", "SĐT", "Số ĐT", "ĐT di động", "Điện thoại liên hệ"):
        assert guess_target(header) == "phone", header
    for header in ("Email", "E-mail", "Địa chỉ email", "Thư điện tử"):
        assert guess_target(header) == "email", header
    # The same list again changes nothing; a list without those columns keeps them.
    assert services.initiative_import.import_file(path, world.campaign.id).created == 0
    wb = Workbook()
    ws = wb.active
    for c, h in enumerate(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng"], 1):
        ws.cell(row=1, column=c, value=h)
    for c, v in enumerate([1, "Sổ liên lạc điện tử", "Lò Văn Tư", unit, "08/01/2022"], 1):
        ws.cell(row=2, column=c, value=v)
    wb.save(tmp_path / "ds2.xlsx")
    again = services.initiative_import.import_file(tmp_path / "ds2.xlsx", world.campaign.id)
    assert again.updated == 1
    with services.store.session_factory() as s:
        kept = s.scalar(select(Author).where(Author.full_name == "Lò Văn Tư"))
        assert kept is not None and (kept.phone, kept.email) == (PHONE, EMAIL)


# ---- bundles ------------------------------------------------------------------------------
def _data_of(path) -> str:
    """The plaintext data of a format-1 bundle, as text."""
    with zipfile.ZipFile(path) as zf:
        return zf.read("data.json").decode("utf-8")


def _contacts_at(services: Services, title: str) -> tuple[str | None, str | None]:
    with services.store.session_factory() as s:
        ini = s.scalar(select(Initiative).where(Initiative.title == title))
        assert ini is not None, title
        return ini.authors[0].phone, ini.authors[0].email


def _district_initiative(district: Services, title: str) -> None:
    with district.store.session_factory() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "LC-TD-02"))
        campaign = s.scalar(select(Campaign).where(Campaign.code == "01TRIEU-2022"))
        assert unit_id is not None and campaign is not None
        ids = campaign.id, campaign.periods[0].id, campaign.fields[0].id
    district.initiatives.create(
        InitiativeInput(
            campaign_id=ids[0],
            unit_id=unit_id,
            title=title,
            authors=(AuthorInput("Lò Văn Tư", phone=PHONE, email=EMAIL),),
            period_id=ids[1],
            field_id=ids[2],
            description="Mô tả ngắn.",
            applied_on=dt.date(2022, 5, 1),
        )
    )


def test_contacts_go_up_only_when_the_office_chooses(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    writes_format_1_to(district, "LC")  # to read what the bundle carries
    title = "Bếp đun tiết kiệm củi cho bếp ăn bán trú"
    _district_initiative(district, title)
    assert district.author_contacts.sends_up() is False  # the default

    up = district.bundles.export("LC", tmp_path / "1.ssk").path
    data = _data_of(up)
    assert title in data and "0912 345 678" not in data and EMAIL not in data
    assert '"phone"' not in data and '"email"' not in data
    province.bundles.import_(up)
    assert _contacts_at(province, title) == (None, None)

    # Chosen: the next bundle up carries them again, with the contacts.
    assert district.author_contacts.set_sends_up(True) == 1  # the one author with contacts
    assert district.author_contacts.sends_up() is True
    up = district.bundles.export("LC", tmp_path / "2.ssk").path
    data = _data_of(up)
    assert PHONE in data and EMAIL in data
    report = province.bundles.import_(up)
    assert report.totals.get("rejected", 0) == 0, report.notes
    assert _contacts_at(province, title) == (PHONE, EMAIL)

    # Down, the province's bundle carries what it holds, to the office that owns them.
    writes_format_1_to(province, "LC-TD")
    down = province.bundles.export("LC-TD", tmp_path / "3.ssk").path
    district.bundles.import_(down)
    assert _contacts_at(district, title) == (PHONE, EMAIL)

    # Switched off again: the province gets them without, and no longer holds them.
    assert district.author_contacts.set_sends_up(False) == 1
    writes_format_1_to(district, "LC")  # it learnt from the province's bundle it reads 2
    up = district.bundles.export("LC", tmp_path / "4.ssk").path
    assert PHONE not in _data_of(up)
    report = province.bundles.import_(up)
    assert report.totals.get("conflicts", 0) == 0, report.notes
    assert _contacts_at(province, title) == (None, None)
    assert _contacts_at(district, title) == (PHONE, EMAIL)  # the owner keeps them
    province.store.close()
    district.store.close()


def test_contacts_travel_in_a_handover_of_books(tmp_path):
    """The province keeps a union's books, types an author's phone, hands the books over."""
    province = Services.over(open_store(str(tmp_path / "LC.db")))
    sf = province.store.session_factory
    import_unit_list(sf, read_unit_list(units_file(tmp_path / "don-vi.xlsx")))
    lc = province.units.by_code("LC")
    bl = province.units.by_code(BL)
    school = province.units.by_code(f"{BL}-1")
    assert lc is not None and bl is not None and school is not None
    province.office.set_up(lc.id)
    campaign = province.campaigns.create(
        CampaignInput(
            code="DKST-2026",
            name="Đoàn kết sáng tạo năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
        unit_ids=[u.id for u in province.units.list()],
    )
    BooksService(sf).keep(bl.id)
    title = "Sổ theo dõi thuốc điện tử"
    province.initiatives.create(
        InitiativeInput(
            campaign.id,
            school.id,
            title,
            (AuthorInput("Lò Văn Tư", phone=PHONE, email=EMAIL),),
            field_id=campaign.fields[0].id,
            applied_on=dt.date(2026, 6, 1),
        )
    )
    union = Services.over(open_store(str(tmp_path / f"{BL}.db")))
    lc_there = union.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    mine = union.units.create(BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE, lc_there.id)
    union.office.set_up(mine.id)
    province.enrolment.enrol(union.enrolment.enrolment_file(), fingerprint(union))
    union.enrolment.enrol(province.enrolment.enrolment_file(), fingerprint(province))
    assert province.author_contacts.sends_up() is False  # a handover goes down: always
    path = province.bundles.hand_over(BL, tmp_path / "down").path
    report = union.bundles.import_(path)
    assert report.totals.get("rejected", 0) == 0, report.notes
    assert _contacts_at(union, title) == (PHONE, EMAIL)
    # ...and the union's bundle up, by default, leaves them out.
    writes_format_1_to(union, "LC")
    up = union.bundles.export("LC", tmp_path / "up").path
    data = _data_of(up)
    assert [i["title"] for i in json.loads(data)["initiatives"]] == [title]
    assert PHONE not in data and EMAIL not in data
    province.store.close()
    union.store.close()


def test_a_phone_typed_after_a_decision_leaves_no_conflict_behind(sync_offices_template, tmp_path):
    """Crossing bundles: the district types a phone (not sent up) on a recognised initiative
    while the province's bundle with the decision is on its way; once both sides have heard
    each other, no conflict is left open at the district."""
    from desktop.services.evaluation.decisions import DecisionInput
    from support.sync_fixtures import add_initiative, initiative_by_title

    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    title = "Sổ liên lạc điện tử cho phụ huynh"
    iid = add_initiative(district, "LC-TD-02", title)
    province.bundles.import_(district.bundles.export("LC", tmp_path / "u0.ssk").path)
    at_p = initiative_by_title(province, title)
    assert at_p is not None
    campaign = province.campaigns.by_code("01TRIEU-2022")
    province.evaluation.decisions.decide(
        DecisionInput(
            campaign.id,
            "21/QĐ-LĐLĐ",
            dt.date(2022, 6, 1),
            recognise=(at_p.id,),
            accept_flagged=True,
        )
    )
    detail = district.initiatives.get(iid)
    author = dataclasses.replace(detail.data.authors[0], phone=PHONE)
    district.initiatives.update(iid, dataclasses.replace(detail.data, authors=(author,)))
    up1 = district.bundles.export("LC", tmp_path / "u1.ssk").path  # the phone, left out
    down1 = province.bundles.export("LC-TD", tmp_path / "d1.ssk").path  # the decision
    district.bundles.import_(down1)
    assert len(district.bundles.conflicts()) == 1  # crossing: the decision predates the phone
    province.bundles.import_(up1)
    district_up2 = district.bundles.export("LC", tmp_path / "u2.ssk").path
    province.bundles.import_(district_up2)
    district.bundles.import_(province.bundles.export("LC-TD", tmp_path / "d2.ssk").path)
    assert district.initiatives.get(iid).status.value == "recognised"
    assert district.bundles.conflicts() == []
    assert province.bundles.conflicts() == []
    province.store.close()
    district.store.close()
