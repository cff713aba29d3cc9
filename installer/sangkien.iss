; Inno Setup 6.3+ script: the Windows installer of Sổ Sáng Kiến.
;
; Built by installer/build.py after PyInstaller (or by hand):
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\dist\SoSangKien /DIconFile=..\build\icons\sangkien.ico
;        /DOutputDir=..\dist installer\sangkien.iss
;
; What it does, for an office PC where the person is not an administrator:
; - installs for the current user only (PrivilegesRequired=lowest): no UAC prompt; the program
;   goes to %LOCALAPPDATA%\Programs\SoSangKien ({autopf} in non administrative install mode);
; - Start-menu shortcut always, desktop shortcut as a task (ticked);
; - .ssk bundles (the files offices send each other) open in the program, registered under
;   HKA = HKEY_CURRENT_USER\Software\Classes in this mode;
; - a newer version installs over an older one (same AppId); the old library folder is
;   removed first so no stale file survives. The program itself backs up and upgrades the
;   database at its next start;
; - uninstalling never touches the data: the database, its backups and the settings live in
;   %LOCALAPPDATA%\SoSangKien and HKCU\Software\SoSangKien, which this script never writes.
;
; Texts: Inno Setup ships no Vietnamese translation (Vietnamese.isl is a user-contributed,
; unofficial file). The messages a person sees on the usual path (wizard pages, buttons,
; progress, uninstall) are translated below in [Messages]; any rarer message not listed falls
; back to English from Default.isl. This file must stay UTF-8 with a BOM.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\SoSangKien"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\build\icons\sangkien.ico"
#endif
#define AppName "Sổ Sáng Kiến"
#define AppExe "SoSangKien.exe"
#ifndef BundleExt
  ; desktop/services/sync/files.py EXTENSION; build.py passes it in.
  #define BundleExt ".ssk"
#endif
#define BundleProgId "SoSangKien.Bundle"

[Setup]
; Never change AppId: it is how a newer installer finds the installed version.
AppId={{9DA5DE1C-2031-44EB-B51B-6FD563796FAF}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Bộ cài đặt {#AppName}
DefaultDirName={autopf}\SoSangKien
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
DisableWelcomePage=no
PrivilegesRequired=lowest
; The PySide6 6.x (Qt 6) runtime needs 64-bit Windows 10 or newer.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=SoSangKien-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
ChangesAssociations=yes
; Close a running Sổ Sáng Kiến (Restart Manager) before files are replaced on an upgrade.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "vi"; MessagesFile: "compiler:Default.isl"

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi
SetupLdrStartupMessage=Chương trình sẽ cài đặt %1. Bạn có muốn tiếp tục?
SetupAlreadyRunning=Trình cài đặt đang chạy.
WindowsVersionNotSupported=Chương trình này không chạy được trên phiên bản Windows của máy này (cần Windows 10 64-bit trở lên).
OnlyOnTheseArchitectures=Chương trình này chỉ cài được trên Windows dành cho bộ xử lý:%n%n%1
SetupAppRunningError=Sổ Sáng Kiến (%1) đang chạy.%n%nHãy đóng chương trình rồi bấm Đồng ý để tiếp tục, hoặc Huỷ để thoát.
UninstallAppRunningError=Sổ Sáng Kiến (%1) đang chạy.%n%nHãy đóng chương trình rồi bấm Đồng ý để tiếp tục, hoặc Huỷ để thoát.
ErrorCreatingDir=Không tạo được thư mục "%1"
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại trình cài đặt vào lúc khác.%n%nThoát cài đặt?
AboutSetupMenuItem=&Giới thiệu trình cài đặt...
AboutSetupTitle=Giới thiệu trình cài đặt
ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Huỷ
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=K&hông với tất cả
ButtonFinish=&Hoàn tất
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới
ClickNext=Bấm Tiếp để tiếp tục, hoặc Huỷ để thoát cài đặt.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách dưới đây rồi bấm Đồng ý.
NewFolderName=Thư mục mới
WelcomeLabel1=Chào mừng bạn đến với trình cài đặt [name]
WelcomeLabel2=Trình cài đặt sẽ cài [name/ver] cho tài khoản Windows của bạn (không cần quyền quản trị).%n%nNếu máy đã có phiên bản cũ, dữ liệu sẽ được giữ nguyên và được sao lưu trước khi nâng cấp.
WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=Trình cài đặt sẽ cài [name] vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
InvalidPath=Hãy nhập đường dẫn đầy đủ có ký tự ổ đĩa, ví dụ:%n%nC:\APP
InvalidDrive=Ổ đĩa bạn chọn không tồn tại hoặc không truy cập được. Hãy chọn ổ khác.
DiskSpaceWarningTitle=Không đủ dung lượng
DiskSpaceWarning=Cần ít nhất %1 KB dung lượng trống nhưng ổ đĩa đã chọn chỉ còn %2 KB.%n%nVẫn tiếp tục?
DirNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidDirName=Tên thư mục không hợp lệ.
BadDirName32=Tên thư mục không được chứa các ký tự sau:%n%n%1
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
DirDoesntExistTitle=Thư mục chưa có
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?
WizardSelectTasks=Chọn thêm việc cần làm
SelectTasksDesc=Trình cài đặt làm thêm những việc nào?
SelectTasksLabel2=Chọn những việc trình cài đặt sẽ làm thêm khi cài [name], rồi bấm Tiếp.
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Trình cài đặt đã sẵn sàng cài [name] vào máy.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại nếu muốn xem hay đổi lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoGroup=Thư mục trong trình đơn Start:
ReadyMemoTasks=Việc làm thêm:
WizardPreparing=Chuẩn bị cài đặt
PreparingDesc=Trình cài đặt đang chuẩn bị cài [name].
CannotContinue=Không thể tiếp tục. Bấm Huỷ để thoát.
ApplicationsFound=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng.
ApplicationsFound2=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng; cài xong sẽ mở lại.
CloseApplications=&Tự động đóng các chương trình
DontCloseApplications=&Không đóng các chương trình
ErrorCloseApplications=Không tự đóng được mọi chương trình. Hãy tự đóng Sổ Sáng Kiến rồi tiếp tục.
WizardInstalling=Đang cài đặt
InstallingLabel=Xin chờ trong khi trình cài đặt cài [name] vào máy.
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=Đã cài xong [name] vào máy.
FinishedLabel=Đã cài xong [name] vào máy. Mở chương trình bằng biểu tượng trên màn hình hoặc trong trình đơn Start.
ClickFinish=Bấm Hoàn tất để thoát.
RunEntryExec=Mở %1
SetupAborted=Cài đặt chưa hoàn thành.%n%nHãy khắc phục sự cố rồi chạy lại trình cài đặt.
AbortRetryIgnoreChooseAction=Chọn cách xử lý
AbortRetryIgnoreRetry=Thử lại
AbortRetryIgnoreProceedAnyway=Vẫn tiếp tục
AbortRetryIgnoreCancel=Huỷ cài đặt
StatusClosingApplications=Đang đóng các chương trình...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang chép tệp...
StatusCreateIcons=Đang tạo lối tắt...
StatusCreateRegistryEntries=Đang ghi cài đặt vào registry...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRunProgram=Đang hoàn tất...
StatusRollback=Đang hoàn tác các thay đổi...
ErrorExecutingProgram=Không chạy được tệp:%n%1
SourceIsCorrupted=Tệp nguồn bị hỏng
SourceDoesntExist=Không có tệp nguồn "%1"
ConfirmUninstall=Bạn có chắc muốn gỡ %1?%n%nDữ liệu (cơ sở dữ liệu, các bản sao lưu) sẽ được giữ lại.
UninstallOnlyOnWin64=Chỉ gỡ được trên Windows 64-bit.
UninstallStatusLabel=Xin chờ trong khi gỡ %1 khỏi máy.
UninstalledAll=Đã gỡ %1 khỏi máy.
UninstalledMost=Đã gỡ xong %1.%n%nMột số mục không gỡ được; có thể xoá bằng tay.
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ cài đặt được
ConfirmDeleteSharedFileTitle=Xoá tệp dùng chung?
WizardUninstalling=Trạng thái gỡ cài đặt
StatusUninstalling=Đang gỡ %1...

[CustomMessages]
NameAndVersion=%1 phiên bản %2
AdditionalIcons=Lối tắt:
CreateDesktopIcon=Tạo biểu tượng trên &màn hình
AssocTask=Mở các gói dữ liệu {#BundleExt} bằng Sổ Sáng Kiến
AssocGroup=Gói dữ liệu:
AssocFileDesc=Gói dữ liệu Sổ Sáng Kiến
LaunchProgram=Mở %1 ngay
UninstallProgram=Gỡ cài đặt %1
DataKept=Dữ liệu của bạn vẫn được giữ lại trong:%n%n%1%n%nCài lại Sổ Sáng Kiến sẽ mở lại đúng dữ liệu này. Muốn xoá hẳn, hãy tự xoá thư mục đó.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assoc"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AssocGroup}"

[InstallDelete]
; An upgrade must not mix the libraries of two versions.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; File association, per user (HKA is HKCU\Software\Classes in non administrative install mode).
Root: HKA; Subkey: "Software\Classes\{#BundleExt}\OpenWithProgids"; ValueType: string; ValueName: "{#BundleProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#BundleExt}"; ValueType: string; ValueName: ""; ValueData: "{#BundleProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:AssocFileDesc}"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --open ""%1"""; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#BundleExt}"; ValueData: ""; Flags: uninsdeletekey; Tasks: assoc

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { The uninstaller removes only what [Files], [Icons] and [Registry] created; the data
    folder was made by the program, so it stays. Say so, with its path. }
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\SoSangKien')]),
      mbInformation, MB_OK);
end;
