; Inno Setup 6.4+ script: the Windows installer of Sổ Sáng Kiến.
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
; - Windows 10 version 1809 (build 17763) or newer, 64-bit only (what Qt 6 runs on): an older
;   or a 32-bit Windows is refused at once with a Vietnamese message saying what is needed;
; - signed when build.py is given a certificate (SANGKIEN_SIGN_CERT): the setup program, its
;   uninstaller (SignedUninstaller) and, before them, SoSangKien.exe; unsigned otherwise.
;
; Texts: Inno Setup ships no Vietnamese translation (Vietnamese.isl is a user-contributed,
; unofficial file), so every one of the 266 setup messages of Inno Setup 6.4 is translated
; below in [Messages]. Needs Inno Setup 6.4 or newer. This file must stay UTF-8 with a BOM.

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
#ifndef InstallDir
  ; {autopf} is %LOCALAPPDATA%\Programs for a per-user install. The Wine test passes
  ; /DInstallDir={localappdata}\Programs\SoSangKien (the same folder): Wine 8 cannot expand
  ; FOLDERID_UserProgramFiles.
  #define InstallDir "{autopf}\SoSangKien"
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
DefaultDirName={#InstallDir}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
DisableWelcomePage=no
PrivilegesRequired=lowest
; The PySide6 6.x (Qt 6) runtime needs 64-bit Windows 10 version 1809 (build 17763) or newer.
; x64compatible: x64 Windows, and Windows 11 on ARM (it runs x64 programs); never 32-bit.
MinVersion=10.0.17763
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
#ifdef SignTool
; build.py passes /DSignTool=sangkien and /Ssangkien=<signtool command> when a certificate is
; given; the uninstaller is signed too.
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "vi"; MessagesFile: "compiler:Default.isl"

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
; Every message of Inno Setup 6.4's Default.isl, in its order (266; ISCC warns about a name it
; does not know, and tests/e2e/test_installer_messages.py checks the names and the %1, [name]
; placeholders against that list).
; *** Tên cửa sổ
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1

; *** Chung
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi

; *** Khi bắt đầu
SetupLdrStartupMessage=Chương trình sẽ cài đặt %1. Bạn có muốn tiếp tục?
LdrCannotCreateTemp=Không tạo được tệp tạm. Đã dừng cài đặt
LdrCannotExecTemp=Không chạy được tệp trong thư mục tạm. Đã dừng cài đặt
HelpTextNote=

; *** Lỗi khi khởi động
LastErrorMessage=%1.%n%nLỗi %2: %3
SetupFileMissing=Thiếu tệp %1 trong thư mục cài đặt. Hãy khắc phục hoặc lấy một bản cài đặt mới.
SetupFileCorrupt=Các tệp cài đặt bị hỏng. Hãy lấy một bản cài đặt mới.
SetupFileCorruptOrWrongVer=Các tệp cài đặt bị hỏng hoặc không khớp với phiên bản trình cài đặt này. Hãy khắc phục hoặc lấy một bản cài đặt mới.
InvalidParameter=Dòng lệnh có một tham số không hợp lệ:%n%n%1
SetupAlreadyRunning=Trình cài đặt đang chạy.
WindowsVersionNotSupported=Sổ Sáng Kiến không chạy được trên phiên bản Windows của máy này. Cần Windows 10 64-bit phiên bản 1809 trở lên, hoặc Windows 11.
WindowsServicePackRequired=Chương trình này cần %1 Service Pack %2 trở lên.
NotOnThisPlatform=Chương trình này không chạy trên %1.
OnlyOnThisPlatform=Chương trình này chỉ chạy trên %1.
OnlyOnTheseArchitectures=Sổ Sáng Kiến chỉ cài được trên Windows 64-bit, loại dành cho bộ xử lý:%n%n%1%n%nMáy này chạy Windows 32-bit: hãy cài trên một máy có Windows 10 hoặc Windows 11 64-bit
WinVersionTooLowError=Sổ Sáng Kiến cần %1 phiên bản %2 trở lên (Windows 10 phiên bản 1809, 64-bit, hoặc Windows 11). Hãy cập nhật Windows rồi cài lại.
WinVersionTooHighError=Chương trình này không cài được trên %1 phiên bản %2 trở lên.
AdminPrivilegesRequired=Cần đăng nhập bằng tài khoản quản trị để cài chương trình này.
PowerUserPrivilegesRequired=Cần đăng nhập bằng tài khoản quản trị hoặc thuộc nhóm Power Users để cài chương trình này.
SetupAppRunningError=Sổ Sáng Kiến (%1) đang chạy.%n%nHãy đóng chương trình rồi bấm Đồng ý để tiếp tục, hoặc Huỷ để thoát.
UninstallAppRunningError=Sổ Sáng Kiến (%1) đang chạy.%n%nHãy đóng chương trình rồi bấm Đồng ý để tiếp tục, hoặc Huỷ để thoát.

; *** Chọn cách cài
PrivilegesRequiredOverrideTitle=Chọn cách cài đặt
PrivilegesRequiredOverrideInstruction=Chọn cách cài đặt
PrivilegesRequiredOverrideText1=Có thể cài %1 cho mọi người dùng máy này (cần quyền quản trị), hoặc chỉ cho bạn.
PrivilegesRequiredOverrideText2=Có thể cài %1 chỉ cho bạn, hoặc cho mọi người dùng máy này (cần quyền quản trị).
PrivilegesRequiredOverrideAllUsers=Cài cho &mọi người dùng
PrivilegesRequiredOverrideAllUsersRecommended=Cài cho &mọi người dùng (nên chọn)
PrivilegesRequiredOverrideCurrentUser=Chỉ cài cho &tôi
PrivilegesRequiredOverrideCurrentUserRecommended=Chỉ cài cho &tôi (nên chọn)

; *** Lỗi khác
ErrorCreatingDir=Không tạo được thư mục "%1"
ErrorTooManyFilesInDir=Không tạo được tệp trong thư mục "%1" vì thư mục có quá nhiều tệp

; *** Chung của trình cài đặt
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại trình cài đặt vào lúc khác.%n%nThoát cài đặt?
AboutSetupMenuItem=&Giới thiệu trình cài đặt...
AboutSetupTitle=Giới thiệu trình cài đặt
AboutSetupMessage=%1 phiên bản %2%n%3%n%nTrang chủ %1:%n%4
AboutSetupNote=
TranslatorNote=

; *** Nút bấm
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

; *** Chọn ngôn ngữ
SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong khi cài đặt.

; *** Chung của các trang
ClickNext=Bấm Tiếp để tiếp tục, hoặc Huỷ để thoát cài đặt.
BeveledLabel=
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách dưới đây rồi bấm Đồng ý.
NewFolderName=Thư mục mới

; *** Trang "Chào mừng"
WelcomeLabel1=Chào mừng bạn đến với trình cài đặt [name]
WelcomeLabel2=Trình cài đặt sẽ cài [name/ver] cho tài khoản Windows của bạn (không cần quyền quản trị).%n%nNếu máy đã có phiên bản cũ, dữ liệu sẽ được giữ nguyên và được sao lưu trước khi nâng cấp.

; *** Trang "Mật khẩu"
WizardPassword=Mật khẩu
PasswordLabel1=Bộ cài này được bảo vệ bằng mật khẩu.
PasswordLabel3=Hãy nhập mật khẩu rồi bấm Tiếp. Mật khẩu phân biệt chữ hoa và chữ thường.
PasswordEditLabel=&Mật khẩu:
IncorrectPassword=Mật khẩu chưa đúng. Hãy thử lại.

; *** Trang "Thoả thuận cấp phép"
WizardLicense=Thoả thuận cấp phép
LicenseLabel=Hãy đọc những thông tin quan trọng sau trước khi tiếp tục.
LicenseLabel3=Hãy đọc Thoả thuận cấp phép sau. Bạn cần đồng ý với các điều khoản này mới tiếp tục cài đặt được.
LicenseAccepted=Tôi &đồng ý với thoả thuận
LicenseNotAccepted=Tôi &không đồng ý với thoả thuận

; *** Trang "Thông tin"
WizardInfoBefore=Thông tin
InfoBeforeLabel=Hãy đọc những thông tin quan trọng sau trước khi tiếp tục.
InfoBeforeClickLabel=Khi sẵn sàng tiếp tục cài đặt, bấm Tiếp.
WizardInfoAfter=Thông tin
InfoAfterLabel=Hãy đọc những thông tin quan trọng sau trước khi tiếp tục.
InfoAfterClickLabel=Khi sẵn sàng tiếp tục cài đặt, bấm Tiếp.

; *** Trang "Thông tin người dùng"
WizardUserInfo=Thông tin người dùng
UserInfoDesc=Hãy nhập thông tin của bạn.
UserInfoName=&Tên người dùng:
UserInfoOrg=&Cơ quan:
UserInfoSerial=&Số sê-ri:
UserInfoNameRequired=Cần nhập tên.

; *** Trang "Chọn thư mục cài đặt"
WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=Trình cài đặt sẽ cài [name] vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
DiskSpaceGBLabel=Cần ít nhất [gb] GB dung lượng trống.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
CannotInstallToNetworkDrive=Không cài được vào ổ đĩa mạng.
CannotInstallToUNCPath=Không cài được vào đường dẫn mạng (UNC).
InvalidPath=Hãy nhập đường dẫn đầy đủ có ký tự ổ đĩa, ví dụ:%n%nC:\APP%n%nhoặc đường dẫn mạng (UNC) dạng:%n%n\\máychủ\thưmục
InvalidDrive=Ổ đĩa hoặc thư mục mạng bạn chọn không tồn tại hoặc không truy cập được. Hãy chọn chỗ khác.
DiskSpaceWarningTitle=Không đủ dung lượng
DiskSpaceWarning=Cần ít nhất %1 KB dung lượng trống nhưng ổ đĩa đã chọn chỉ còn %2 KB.%n%nVẫn tiếp tục?
DirNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidDirName=Tên thư mục không hợp lệ.
BadDirName32=Tên thư mục không được chứa các ký tự sau:%n%n%1
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
DirDoesntExistTitle=Thư mục chưa có
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?

; *** Trang "Chọn thành phần"
WizardSelectComponents=Chọn thành phần
SelectComponentsDesc=Cài những thành phần nào?
SelectComponentsLabel2=Đánh dấu những thành phần muốn cài, bỏ dấu những thành phần không muốn cài. Bấm Tiếp khi sẵn sàng.
FullInstallation=Cài đầy đủ
CompactInstallation=Cài gọn
CustomInstallation=Tự chọn
NoUninstallWarningTitle=Thành phần đã có
NoUninstallWarning=Các thành phần sau đã được cài trên máy:%n%n%1%n%nBỏ chọn chúng sẽ không gỡ chúng khỏi máy.%n%nVẫn tiếp tục?
ComponentSize1=%1 KB
ComponentSize2=%1 MB
ComponentsDiskSpaceGBLabel=Lựa chọn hiện tại cần ít nhất [gb] GB dung lượng trống.
ComponentsDiskSpaceMBLabel=Lựa chọn hiện tại cần ít nhất [mb] MB dung lượng trống.

; *** Trang "Chọn thêm việc cần làm"
WizardSelectTasks=Chọn thêm việc cần làm
SelectTasksDesc=Trình cài đặt làm thêm những việc nào?
SelectTasksLabel2=Chọn những việc trình cài đặt sẽ làm thêm khi cài [name], rồi bấm Tiếp.

; *** Trang "Chọn thư mục trong trình đơn Start"
WizardSelectProgramGroup=Chọn thư mục trong trình đơn Start
SelectStartMenuFolderDesc=Đặt lối tắt của chương trình ở đâu?
SelectStartMenuFolderLabel3=Trình cài đặt sẽ tạo lối tắt của chương trình trong thư mục sau của trình đơn Start.
SelectStartMenuFolderBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
MustEnterGroupName=Cần nhập tên thư mục.
GroupNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidGroupName=Tên thư mục không hợp lệ.
BadGroupName=Tên thư mục không được chứa các ký tự sau:%n%n%1
NoProgramGroupCheck2=&Không tạo thư mục trong trình đơn Start

; *** Trang "Sẵn sàng cài đặt"
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Trình cài đặt đã sẵn sàng cài [name] vào máy.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại nếu muốn xem hay đổi lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoUserInfo=Thông tin người dùng:
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoType=Kiểu cài đặt:
ReadyMemoComponents=Các thành phần đã chọn:
ReadyMemoGroup=Thư mục trong trình đơn Start:
ReadyMemoTasks=Việc làm thêm:

; *** Tải tệp về (TDownloadWizardPage, DownloadTemporaryFile)
DownloadingLabel=Đang tải thêm tệp...
ButtonStopDownload=&Dừng tải
StopDownload=Bạn có chắc muốn dừng tải?
ErrorDownloadAborted=Đã dừng tải
ErrorDownloadFailed=Tải không được: %1 %2
ErrorDownloadSizeFailed=Không biết được kích thước: %1 %2
ErrorFileHash1=Không kiểm tra được mã băm của tệp: %1
ErrorFileHash2=Mã băm của tệp không đúng: cần %1, thấy %2
ErrorProgress=Tiến độ không hợp lệ: %1 trên %2
ErrorFileSize=Kích thước tệp không đúng: cần %1, thấy %2

; *** Giải nén (TExtractionWizardPage, Extract7ZipArchive)
ExtractionLabel=Đang giải nén thêm tệp...
ButtonStopExtraction=&Dừng giải nén
StopExtraction=Bạn có chắc muốn dừng giải nén?
ErrorExtractionAborted=Đã dừng giải nén
ErrorExtractionFailed=Giải nén không được: %1

; *** Trang "Chuẩn bị cài đặt"
WizardPreparing=Chuẩn bị cài đặt
PreparingDesc=Trình cài đặt đang chuẩn bị cài [name].
PreviousInstallNotCompleted=Việc cài hoặc gỡ một chương trình trước đó chưa xong. Cần khởi động lại máy để hoàn tất việc đó.%n%nSau khi khởi động lại, hãy chạy lại trình cài đặt để cài [name].
CannotContinue=Không thể tiếp tục. Bấm Huỷ để thoát.
ApplicationsFound=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng.
ApplicationsFound2=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng; cài xong sẽ mở lại.
CloseApplications=&Tự động đóng các chương trình
DontCloseApplications=&Không đóng các chương trình
ErrorCloseApplications=Không tự đóng được mọi chương trình. Hãy tự đóng Sổ Sáng Kiến rồi tiếp tục.
PrepareToInstallNeedsRestart=Cần khởi động lại máy. Sau khi khởi động lại, hãy chạy lại trình cài đặt để cài xong [name].%n%nKhởi động lại ngay bây giờ?

; *** Trang "Đang cài đặt"
WizardInstalling=Đang cài đặt
InstallingLabel=Xin chờ trong khi trình cài đặt cài [name] vào máy.

; *** Trang "Cài đặt xong"
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=Đã cài xong [name] vào máy.
FinishedLabel=Đã cài xong [name] vào máy. Mở chương trình bằng biểu tượng trên màn hình hoặc trong trình đơn Start.
ClickFinish=Bấm Hoàn tất để thoát.
FinishedRestartLabel=Để cài xong [name], cần khởi động lại máy. Khởi động lại ngay bây giờ?
FinishedRestartMessage=Để cài xong [name], cần khởi động lại máy.%n%nKhởi động lại ngay bây giờ?
ShowReadmeCheck=Có, tôi muốn xem tệp hướng dẫn (README)
YesRadio=&Có, khởi động lại máy ngay
NoRadio=&Không, tôi sẽ khởi động lại sau
RunEntryExec=Mở %1
RunEntryShellExec=Xem %1

; *** Cần đĩa tiếp theo
ChangeDiskTitle=Cần đĩa cài đặt tiếp theo
SelectDiskLabel2=Hãy đưa đĩa %1 vào rồi bấm Đồng ý.%n%nNếu các tệp của đĩa này nằm ở thư mục khác với thư mục dưới đây, hãy nhập đúng đường dẫn hoặc bấm Chọn.
PathLabel=Đường &dẫn:
FileNotInDir2=Không thấy tệp "%1" trong "%2". Hãy đưa đúng đĩa vào hoặc chọn thư mục khác.
SelectDirectoryLabel=Hãy chỉ ra chỗ của đĩa tiếp theo.

; *** Trong khi cài
SetupAborted=Cài đặt chưa hoàn thành.%n%nHãy khắc phục sự cố rồi chạy lại trình cài đặt.
AbortRetryIgnoreSelectAction=Chọn cách xử lý
AbortRetryIgnoreRetry=&Thử lại
AbortRetryIgnoreIgnore=&Bỏ qua lỗi và tiếp tục
AbortRetryIgnoreCancel=Huỷ cài đặt

; *** Trạng thái cài đặt
StatusClosingApplications=Đang đóng các chương trình...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang chép tệp...
StatusCreateIcons=Đang tạo lối tắt...
StatusCreateIniEntries=Đang ghi tệp INI...
StatusCreateRegistryEntries=Đang ghi cài đặt vào registry...
StatusRegisterFiles=Đang đăng ký tệp...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRunProgram=Đang hoàn tất...
StatusRestartingApplications=Đang mở lại các chương trình...
StatusRollback=Đang hoàn tác các thay đổi...

; *** Lỗi khác
ErrorInternal2=Lỗi nội bộ: %1
ErrorFunctionFailedNoCode=%1 không thành công
ErrorFunctionFailed=%1 không thành công; mã %2
ErrorFunctionFailedWithMessage=%1 không thành công; mã %2.%n%3
ErrorExecutingProgram=Không chạy được tệp:%n%1

; *** Lỗi registry
ErrorRegOpenKey=Lỗi khi mở khoá registry:%n%1\%2
ErrorRegCreateKey=Lỗi khi tạo khoá registry:%n%1\%2
ErrorRegWriteKey=Lỗi khi ghi khoá registry:%n%1\%2

; *** Lỗi tệp INI
ErrorIniEntry=Lỗi khi ghi vào tệp INI "%1".

; *** Lỗi khi chép tệp
FileAbortRetryIgnoreSkipNotRecommended=&Bỏ qua tệp này (không nên)
FileAbortRetryIgnoreIgnoreNotRecommended=B&ỏ qua lỗi và tiếp tục (không nên)
SourceIsCorrupted=Tệp nguồn bị hỏng
SourceDoesntExist=Không có tệp nguồn "%1"
ExistingFileReadOnly2=Không thay được tệp đang có vì tệp chỉ cho đọc.
ExistingFileReadOnlyRetry=&Bỏ thuộc tính chỉ đọc rồi thử lại
ExistingFileReadOnlyKeepExisting=&Giữ tệp đang có
ErrorReadingExistingDest=Lỗi khi đọc tệp đang có:
FileExistsSelectAction=Chọn cách xử lý
FileExists2=Tệp đã có.
FileExistsOverwriteExisting=&Ghi đè tệp đang có
FileExistsKeepExisting=G&iữ tệp đang có
FileExistsOverwriteOrKeepAll=&Làm như vậy với các trường hợp tiếp theo
ExistingFileNewerSelectAction=Chọn cách xử lý
ExistingFileNewer2=Tệp đang có mới hơn tệp trình cài đặt định cài.
ExistingFileNewerOverwriteExisting=&Ghi đè tệp đang có
ExistingFileNewerKeepExisting=G&iữ tệp đang có (nên chọn)
ExistingFileNewerOverwriteOrKeepAll=&Làm như vậy với các trường hợp tiếp theo
ErrorChangingAttr=Lỗi khi đổi thuộc tính của tệp đang có:
ErrorCreatingTemp=Lỗi khi tạo tệp trong thư mục cài đặt:
ErrorReadingSource=Lỗi khi đọc tệp nguồn:
ErrorCopying=Lỗi khi chép tệp:
ErrorReplacingExistingFile=Lỗi khi thay tệp đang có:
ErrorRestartReplace=Không thay được tệp khi khởi động lại (RestartReplace):
ErrorRenamingTemp=Lỗi khi đổi tên tệp trong thư mục cài đặt:
ErrorRegisterServer=Không đăng ký được DLL/OCX: %1
ErrorRegSvr32Failed=RegSvr32 không thành công, mã thoát %1
ErrorRegisterTypeLib=Không đăng ký được thư viện kiểu (type library): %1

; *** Tên hiển thị khi gỡ cài đặt
UninstallDisplayNameMark=%1 (%2)
UninstallDisplayNameMarks=%1 (%2, %3)
UninstallDisplayNameMark32Bit=32-bit
UninstallDisplayNameMark64Bit=64-bit
UninstallDisplayNameMarkAllUsers=Mọi người dùng
UninstallDisplayNameMarkCurrentUser=Người dùng hiện tại

; *** Lỗi sau khi cài
ErrorOpeningReadme=Lỗi khi mở tệp hướng dẫn (README).
ErrorRestartingComputer=Trình cài đặt không khởi động lại được máy. Hãy tự khởi động lại.

; *** Gỡ cài đặt
UninstallNotFound=Không có tệp "%1". Không gỡ cài đặt được.
UninstallOpenError=Không mở được tệp "%1". Không gỡ cài đặt được
UninstallUnsupportedVer=Tệp nhật ký gỡ cài đặt "%1" có định dạng mà phiên bản trình gỡ cài đặt này không đọc được. Không gỡ cài đặt được
UninstallUnknownEntry=Gặp một mục lạ (%1) trong nhật ký gỡ cài đặt
ConfirmUninstall=Bạn có chắc muốn gỡ %1?%n%nDữ liệu (cơ sở dữ liệu, các bản sao lưu) sẽ được giữ lại.
UninstallOnlyOnWin64=Chỉ gỡ được trên Windows 64-bit.
OnlyAdminCanUninstall=Chỉ người dùng có quyền quản trị mới gỡ được bản cài đặt này.
UninstallStatusLabel=Xin chờ trong khi gỡ %1 khỏi máy.
UninstalledAll=Đã gỡ %1 khỏi máy.
UninstalledMost=Đã gỡ xong %1.%n%nMột số mục không gỡ được; có thể xoá bằng tay.
UninstalledAndNeedsRestart=Để gỡ xong %1, cần khởi động lại máy.%n%nKhởi động lại ngay bây giờ?
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ cài đặt được

; *** Trong khi gỡ
ConfirmDeleteSharedFileTitle=Xoá tệp dùng chung?
ConfirmDeleteSharedFile2=Windows cho biết tệp dùng chung sau không còn chương trình nào dùng. Có xoá tệp này không?%n%nNếu còn chương trình dùng tệp mà tệp bị xoá, chương trình đó có thể chạy sai. Nếu không chắc, hãy chọn Không: để tệp lại trên máy không gây hại gì.
SharedFileNameLabel=Tên tệp:
SharedFileLocationLabel=Nơi lưu:
WizardUninstalling=Trạng thái gỡ cài đặt
StatusUninstalling=Đang gỡ %1...

; *** Lý do chặn tắt máy
ShutdownBlockReasonInstallingApp=Đang cài %1.
ShutdownBlockReasonUninstallingApp=Đang gỡ %1.

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
