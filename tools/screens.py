"""Every page and every dialog of the program, opened on demo stores the way a person opens them.

Shared by ``tools/screenshots.py`` (pictures for reviews and the guide) and by
``tests/views/test_screen_fit.py`` (nothing is larger than what a 1366 x 768 screen with a
taskbar leaves). A screen is a name and a function that builds the real widget over a
``Stage``: a province office and a district office built by the demo builder, each with its
services, settings and the window's task runner. Dialogs are built, not run (no ``exec``), so
they can be measured and drawn like pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop.models.enums import UnitKind
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner

CAMPAIGN = "01TRIEU-2022"
DISTRICT = "LC-TD"

# What a maximised window gets on a 1366 x 768 screen once the Windows taskbar (40 px) and the
# window's title bar (about 28 px) are taken.
CLIENT_AREA = (1366, 700)


@dataclass
class Office:
    services: Services
    settings: AppSettings
    tasks: TaskRunner
    campaign_id: int


@dataclass
class Stage:
    """A province and a district office on demo stores in a temporary folder."""

    folder: Path
    province: Office
    district: Office
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def build(cls, folder: Path | None = None) -> Stage:
        folder = folder or Path(tempfile.mkdtemp(prefix="sangkien-screens-"))
        closers: list[Callable[[], None]] = []

        def office(name: str, as_unit: str | None) -> Office:
            store = open_store(str(folder / f"{name}.db"))
            closers.append(store.close)
            build_demo(store.session_factory, as_unit=as_unit)
            services = Services.over(store)
            settings = AppSettings(
                QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat)
            )
            campaign = services.campaigns.by_code(CAMPAIGN)
            assert campaign is not None
            settings.set("initiatives/campaign_id", campaign.id)
            tasks = TaskRunner()
            return Office(services, settings, tasks, campaign.id)

        province = office("tinh", None)
        district = office("huyen", DISTRICT)
        return cls(folder, province, district, closers)

    def close(self) -> None:
        for close in self._closers:
            close()

    # Things some dialogs need to exist first -----------------------------------------------

    def enrolment_file(self) -> Path:
        """The district's enrolment card, as it comes to the province on a USB stick."""
        path = self.folder / "dang-ky-huyen.json"
        if not path.exists():
            path.write_bytes(self.district.services.enrolment.enrolment_file())
        return path

    def district_bundle(self) -> Path:
        """A bundle from the district, the province and district enrolled with each other."""
        path = self.folder / "goi-huyen.ssk"
        if not path.exists():
            province, district = self.province.services, self.district.services
            for here, there in ((province, district), (district, province)):
                office = there.office.local()
                assert office is not None and office.fingerprint is not None
                if not any(peer.uid == office.uid for peer in here.enrolment.peers()):
                    here.enrolment.enrol(there.enrolment.enrolment_file(), office.fingerprint)
            home = province.office.local()
            assert home is not None
            district.bundles.export(home.uid, path)
        return path

    def initiative_list(self) -> Path:
        """A small list as a district receives it from a union, with one row in error."""
        path = self.folder / "danh-sach.xlsx"
        if not path.exists():
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"])
            services = self.district.services
            units = [u.name for u in services.units.list([UnitKind.GRASSROOTS])][:3]
            for i, unit in enumerate(units, start=1):
                ws.append([i, f"Sáng kiến thử số {i}", "Nguyễn Văn A", unit, "", "15/03/2022"])
            ws.append([len(units) + 1, "", "Nguyễn Văn B", units[0], "", "32/13/2022"])
            wb.save(path)
        return path


@dataclass(frozen=True)
class Screen:
    name: str  # file name of its picture, and the test's id
    open: Callable[[Stage], QWidget]


def _main_window(at_district: bool) -> Callable[[Stage], QWidget]:
    def open_(stage: Stage) -> QWidget:
        from desktop.views.shell.main_window import MainWindow

        office = stage.district if at_district else stage.province
        return MainWindow(office.services, office.settings, tasks=office.tasks)

    return open_


def _first_run(stage: Stage) -> QWidget:
    from desktop.views.shell.first_run import FirstRunDialog

    return FirstRunDialog()


def _guide(stage: Stage) -> QWidget:
    from desktop.views.shell.guide import GuideDialog

    return GuideDialog()


def _initiative_form(stage: Stage) -> QWidget:
    from desktop.views.initiatives.form import InitiativeForm

    office = stage.district
    return InitiativeForm(office.services, office.campaign_id, tasks=office.tasks)


def _initiative_form_with_errors(stage: Stage) -> QWidget:
    """The form after «Lưu» on an empty form: every message is showing."""
    from desktop.views.initiatives.form import InitiativeForm

    office = stage.district
    form = InitiativeForm(office.services, office.campaign_id, tasks=office.tasks)
    form.save_new_button.click()
    return form


def _excel_preview(stage: Stage) -> QWidget:
    from desktop.views.initiatives.import_dialog import ImportPreviewDialog

    office = stage.district
    sheet = office.services.initiative_import.read(stage.initiative_list())
    return ImportPreviewDialog(office.services, sheet, office.campaign_id, tasks=office.tasks)


def _enrol(stage: Stage) -> QWidget:
    from desktop.views.sync.dialogs import EnrolDialog

    return EnrolDialog(stage.province.services, str(stage.enrolment_file()))


def _bundle_preview(stage: Stage) -> QWidget:
    from desktop.views.sync.dialogs import ImportPreviewDialog

    office = stage.province
    path = stage.district_bundle()
    report = office.services.bundles.preview(path)
    return ImportPreviewDialog(office.services, str(path), report, tasks=office.tasks)


def _council_edit(stage: Stage) -> QWidget:
    from desktop.views.evaluation.council_dialog import CouncilEditDialog

    office = stage.province
    council = office.services.evaluation.councils.all(office.campaign_id)[0]
    scored = office.services.evaluation.scoring.scored_sheets(council.id)
    return CouncilEditDialog(council, scored)


def _decision_preview(stage: Stage) -> QWidget:
    import datetime as dt

    from desktop.services.evaluation.decisions import DecisionInput
    from desktop.views.evaluation.decision_dialog import DecisionPreviewDialog

    office = stage.province
    council = office.services.evaluation.councils.all(office.campaign_id)[0]
    rows = office.services.evaluation.scoring.results(council.id)
    half = len(rows) // 2
    data = DecisionInput(
        campaign_id=office.campaign_id,
        number="125/QĐ-LĐLĐ",
        signed_on=dt.date(2026, 12, 3),
        signer_name="Chủ tịch",
        recognise=tuple(r.initiative_id for r in rows[:half]),
        decline={
            r.initiative_id: "Điểm bình quân chưa đạt điểm sàn của Hội đồng; hồ sơ còn thiếu "
            "Báo cáo mô tả sáng kiến (Mẫu 4) và tài liệu chứng minh"
            for r in rows[half:]
        },
    )
    return DecisionPreviewDialog(data, {r.initiative_id: r for r in rows})


def _withdrawal(stage: Stage) -> QWidget:
    from desktop.views.evaluation.decision_dialog import WithdrawalDialog

    office = stage.province
    decision = office.services.evaluation.decisions.all(office.campaign_id)[-1]
    return WithdrawalDialog(decision, "Chủ tịch")


def _unit_dialog(stage: Stage) -> QWidget:
    from desktop.views.units.page import UnitDialog

    services = stage.province.services
    unit = services.units.list([UnitKind.GRASSROOTS])[0]
    return UnitDialog(services, "rename", unit)


def _reorganise(stage: Stage) -> QWidget:
    from desktop.views.units.reorganise_dialog import ReorganiseDialog

    office = stage.province
    return ReorganiseDialog(office.services, tasks=office.tasks, settings=office.settings)


def _campaign_editor(stage: Stage) -> QWidget:
    from desktop.views.campaigns.editor import CampaignDialog

    office = stage.province
    return CampaignDialog(office.services, office.campaign_id)


def _quota_dialog(stage: Stage) -> QWidget:
    from desktop.views.campaigns.quota_grid import QuotaDialog

    office = stage.province
    root = office.services.office.local()
    assert root is not None and root.unit_id is not None
    return QuotaDialog(office.services, office.campaign_id, root.unit_id)


def _reassign(stage: Stage) -> QWidget:
    from desktop.views.campaigns.reassign_dialog import ReassignDialog

    office = stage.province
    return ReassignDialog(office.services, office.campaign_id)


def _council_dialog(stage: Stage) -> QWidget:
    from desktop.views.evaluation.council_dialog import CouncilDialog

    office = stage.province
    campaign = office.services.campaigns.get(office.campaign_id)
    return CouncilDialog(campaign)


def _merge(stage: Stage) -> QWidget:
    from desktop.views.sync.merge_dialog import MergeDialog

    office = stage.province
    return MergeDialog(office.services, tasks=office.tasks)


def _export(stage: Stage) -> QWidget:
    from desktop.views.sync.dialogs import ExportDialog

    office = stage.province
    return ExportDialog(office.services, tasks=office.tasks)


def _unlock_key(stage: Stage) -> QWidget:
    from desktop.views.sync.key_dialog import UnlockKeyDialog

    return UnlockKeyDialog(stage.province.services.office)


def _protect_key(stage: Stage) -> QWidget:
    from desktop.views.sync.key_dialog import ProtectKeyDialog

    return ProtectKeyDialog(stage.province.services.office)


def _error(stage: Stage) -> QWidget:
    from desktop.views.common.errors import ErrorDialog

    details = "\n".join(f'  File "desktop/x.py", line {i}, in f' for i in range(60))
    return ErrorDialog(
        "Không ghi được tệp: ổ đĩa đã đầy. Hãy giải phóng chỗ trống rồi thử lại.", details
    )


PAGE_KEYS = ("initiatives", "dashboard", "sync", "reports", "units", "settings")
WINDOWS = 2  # the first screens are the main window of the province and of the district

SCREENS: tuple[Screen, ...] = (
    Screen("cua-so-tinh", _main_window(at_district=False)),
    Screen("cua-so-huyen", _main_window(at_district=True)),
    Screen("thiet-lap-lan-dau", _first_run),
    Screen("huong-dan", _guide),
    Screen("nhap-sang-kien", _initiative_form),
    Screen("nhap-sang-kien-bao-loi", _initiative_form_with_errors),
    Screen("xem-truoc-excel", _excel_preview),
    Screen("sua-don-vi", _unit_dialog),
    Screen("sap-xep-don-vi", _reorganise),
    Screen("chuong-trinh", _campaign_editor),
    Screen("chi-tieu", _quota_dialog),
    Screen("chuyen-don-vi-chi-tieu", _reassign),
    Screen("hoi-dong", _council_dialog),
    Screen("sua-hoi-dong", _council_edit),
    Screen("xem-truoc-quyet-dinh", _decision_preview),
    Screen("thu-hoi-quyet-dinh", _withdrawal),
    Screen("dang-ky-van-phong", _enrol),
    Screen("xem-truoc-goi", _bundle_preview),
    Screen("gop-so", _merge),
    Screen("xuat-goi", _export),
    Screen("mo-khoa", _unlock_key),
    Screen("dat-mat-khau-khoa", _protect_key),
    Screen("bao-loi", _error),
)
