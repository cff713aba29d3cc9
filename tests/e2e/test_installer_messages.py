"""The Windows setup speaks Vietnamese throughout: the [Messages] of installer/sangkien.iss are
exactly the 266 messages of Inno Setup 6.4 (Default.isl, whose names are copied below with the
placeholders each one must keep), none misspelt (ISCC ignores an unknown name with a warning,
and the English text shows instead), none missing, each with the %1 and [name] of the original.
Runs everywhere: no Inno Setup needed (the compile itself is test_installer_wine.py)."""

from __future__ import annotations

import re
import unicodedata

from test_installer_files import iss, section

# Inno Setup 6.4.1 Default.isl, [Messages]: each name, then the placeholders of its text.
DEFAULT_ISL = """
SetupAppTitle
SetupWindowTitle %1
UninstallAppTitle
UninstallAppFullTitle %1
InformationTitle
ConfirmTitle
ErrorTitle
SetupLdrStartupMessage %1
LdrCannotCreateTemp
LdrCannotExecTemp
HelpTextNote
LastErrorMessage %1 %2 %3
SetupFileMissing %1
SetupFileCorrupt
SetupFileCorruptOrWrongVer
InvalidParameter %1
SetupAlreadyRunning
WindowsVersionNotSupported
WindowsServicePackRequired %1 %2
NotOnThisPlatform %1
OnlyOnThisPlatform %1
OnlyOnTheseArchitectures %1
WinVersionTooLowError %1 %2
WinVersionTooHighError %1 %2
AdminPrivilegesRequired
PowerUserPrivilegesRequired
SetupAppRunningError %1
UninstallAppRunningError %1
PrivilegesRequiredOverrideTitle
PrivilegesRequiredOverrideInstruction
PrivilegesRequiredOverrideText1 %1
PrivilegesRequiredOverrideText2 %1
PrivilegesRequiredOverrideAllUsers
PrivilegesRequiredOverrideAllUsersRecommended
PrivilegesRequiredOverrideCurrentUser
PrivilegesRequiredOverrideCurrentUserRecommended
ErrorCreatingDir %1
ErrorTooManyFilesInDir %1
ExitSetupTitle
ExitSetupMessage
AboutSetupMenuItem
AboutSetupTitle
AboutSetupMessage %1 %2 %3 %4
AboutSetupNote
TranslatorNote
ButtonBack
ButtonNext
ButtonInstall
ButtonOK
ButtonCancel
ButtonYes
ButtonYesToAll
ButtonNo
ButtonNoToAll
ButtonFinish
ButtonBrowse
ButtonWizardBrowse
ButtonNewFolder
SelectLanguageTitle
SelectLanguageLabel
ClickNext
BeveledLabel
BrowseDialogTitle
BrowseDialogLabel
NewFolderName
WelcomeLabel1 [name]
WelcomeLabel2 [name/ver]
WizardPassword
PasswordLabel1
PasswordLabel3
PasswordEditLabel
IncorrectPassword
WizardLicense
LicenseLabel
LicenseLabel3
LicenseAccepted
LicenseNotAccepted
WizardInfoBefore
InfoBeforeLabel
InfoBeforeClickLabel
WizardInfoAfter
InfoAfterLabel
InfoAfterClickLabel
WizardUserInfo
UserInfoDesc
UserInfoName
UserInfoOrg
UserInfoSerial
UserInfoNameRequired
WizardSelectDir
SelectDirDesc [name]
SelectDirLabel3 [name]
SelectDirBrowseLabel
DiskSpaceGBLabel [gb]
DiskSpaceMBLabel [mb]
CannotInstallToNetworkDrive
CannotInstallToUNCPath
InvalidPath
InvalidDrive
DiskSpaceWarningTitle
DiskSpaceWarning %1 %2
DirNameTooLong
InvalidDirName
BadDirName32 %1
DirExistsTitle
DirExists %1
DirDoesntExistTitle
DirDoesntExist %1
WizardSelectComponents
SelectComponentsDesc
SelectComponentsLabel2
FullInstallation
CompactInstallation
CustomInstallation
NoUninstallWarningTitle
NoUninstallWarning %1
ComponentSize1 %1
ComponentSize2 %1
ComponentsDiskSpaceGBLabel [gb]
ComponentsDiskSpaceMBLabel [mb]
WizardSelectTasks
SelectTasksDesc
SelectTasksLabel2 [name]
WizardSelectProgramGroup
SelectStartMenuFolderDesc
SelectStartMenuFolderLabel3
SelectStartMenuFolderBrowseLabel
MustEnterGroupName
GroupNameTooLong
InvalidGroupName
BadGroupName %1
NoProgramGroupCheck2
WizardReady
ReadyLabel1 [name]
ReadyLabel2a
ReadyLabel2b
ReadyMemoUserInfo
ReadyMemoDir
ReadyMemoType
ReadyMemoComponents
ReadyMemoGroup
ReadyMemoTasks
DownloadingLabel
ButtonStopDownload
StopDownload
ErrorDownloadAborted
ErrorDownloadFailed %1 %2
ErrorDownloadSizeFailed %1 %2
ErrorFileHash1 %1
ErrorFileHash2 %1 %2
ErrorProgress %1 %2
ErrorFileSize %1 %2
ExtractionLabel
ButtonStopExtraction
StopExtraction
ErrorExtractionAborted
ErrorExtractionFailed %1
WizardPreparing
PreparingDesc [name]
PreviousInstallNotCompleted [name]
CannotContinue
ApplicationsFound
ApplicationsFound2
CloseApplications
DontCloseApplications
ErrorCloseApplications
PrepareToInstallNeedsRestart [name]
WizardInstalling
InstallingLabel [name]
FinishedHeadingLabel [name]
FinishedLabelNoIcons [name]
FinishedLabel [name]
ClickFinish
FinishedRestartLabel [name]
FinishedRestartMessage [name]
ShowReadmeCheck
YesRadio
NoRadio
RunEntryExec %1
RunEntryShellExec %1
ChangeDiskTitle
SelectDiskLabel2 %1
PathLabel
FileNotInDir2 %1 %2
SelectDirectoryLabel
SetupAborted
AbortRetryIgnoreSelectAction
AbortRetryIgnoreRetry
AbortRetryIgnoreIgnore
AbortRetryIgnoreCancel
StatusClosingApplications
StatusCreateDirs
StatusExtractFiles
StatusCreateIcons
StatusCreateIniEntries
StatusCreateRegistryEntries
StatusRegisterFiles
StatusSavingUninstall
StatusRunProgram
StatusRestartingApplications
StatusRollback
ErrorInternal2 %1
ErrorFunctionFailedNoCode %1
ErrorFunctionFailed %1 %2
ErrorFunctionFailedWithMessage %1 %2 %3
ErrorExecutingProgram %1
ErrorRegOpenKey %1 %2
ErrorRegCreateKey %1 %2
ErrorRegWriteKey %1 %2
ErrorIniEntry %1
FileAbortRetryIgnoreSkipNotRecommended
FileAbortRetryIgnoreIgnoreNotRecommended
SourceIsCorrupted
SourceDoesntExist %1
ExistingFileReadOnly2
ExistingFileReadOnlyRetry
ExistingFileReadOnlyKeepExisting
ErrorReadingExistingDest
FileExistsSelectAction
FileExists2
FileExistsOverwriteExisting
FileExistsKeepExisting
FileExistsOverwriteOrKeepAll
ExistingFileNewerSelectAction
ExistingFileNewer2
ExistingFileNewerOverwriteExisting
ExistingFileNewerKeepExisting
ExistingFileNewerOverwriteOrKeepAll
ErrorChangingAttr
ErrorCreatingTemp
ErrorReadingSource
ErrorCopying
ErrorReplacingExistingFile
ErrorRestartReplace
ErrorRenamingTemp
ErrorRegisterServer %1
ErrorRegSvr32Failed %1
ErrorRegisterTypeLib %1
UninstallDisplayNameMark %1 %2
UninstallDisplayNameMarks %1 %2 %3
UninstallDisplayNameMark32Bit
UninstallDisplayNameMark64Bit
UninstallDisplayNameMarkAllUsers
UninstallDisplayNameMarkCurrentUser
ErrorOpeningReadme
ErrorRestartingComputer
UninstallNotFound %1
UninstallOpenError %1
UninstallUnsupportedVer %1
UninstallUnknownEntry %1
ConfirmUninstall %1
UninstallOnlyOnWin64
OnlyAdminCanUninstall
UninstallStatusLabel %1
UninstalledAll %1
UninstalledMost %1
UninstalledAndNeedsRestart %1
UninstallDataCorrupted %1
ConfirmDeleteSharedFileTitle
ConfirmDeleteSharedFile2
SharedFileNameLabel
SharedFileLocationLabel
WizardUninstalling
StatusUninstalling %1
ShutdownBlockReasonInstallingApp %1
ShutdownBlockReasonUninstallingApp %1
"""

INNO_6_4 = {
    line.split()[0]: frozenset(line.split()[1:]) for line in DEFAULT_ISL.strip().splitlines()
}
PLACEHOLDER = re.compile(r"%\d|\[[a-z/]+\]")
# Words that stay as they are in a Vietnamese text (no diacritics to check).
ASCII_OK = {
    "ComponentSize1",
    "ComponentSize2",
    "UninstallDisplayNameMark",
    "UninstallDisplayNameMarks",
    "UninstallDisplayNameMark32Bit",
    "UninstallDisplayNameMark64Bit",
    "SetupWindowTitle",
    "RunEntryShellExec",
}


def messages() -> list[tuple[str, str]]:
    return [(name, text) for name, text in (ln.split("=", 1) for ln in section(iss(), "Messages"))]


def test_the_list_is_inno_setup_6_4s():
    assert len(INNO_6_4) == 266
    assert "AbortRetryIgnoreSelectAction" in INNO_6_4 and "AbortRetryIgnoreIgnore" in INNO_6_4


def test_every_setup_message_is_there_once_and_none_is_unknown():
    names = [name for name, _text in messages()]
    unknown = [n for n in names if n not in INNO_6_4]
    assert unknown == []  # e.g. AbortRetryIgnoreChooseAction, AbortRetryIgnoreProceedAnyway
    assert sorted(set(names)) == sorted(names), "a message given twice"
    assert set(INNO_6_4) - set(names) == set()  # every one translated
    assert names == list(INNO_6_4)  # in Default.isl's order, to compare with a new version


def test_each_message_keeps_the_placeholders_of_the_original():
    for name, text in messages():
        assert frozenset(PLACEHOLDER.findall(text)) == INNO_6_4[name], name


def test_the_texts_are_vietnamese():
    texts = dict(messages())
    for name, text in texts.items():
        assert unicodedata.normalize("NFC", text) == text, name
    translated = [n for n, t in texts.items() if t and not t.isascii()]
    empty = {n for n, t in texts.items() if not t}
    assert empty == {"HelpTextNote", "AboutSetupNote", "TranslatorNote", "BeveledLabel"}
    plain = set(texts) - set(translated) - empty - ASCII_OK
    assert plain == set(), f"still English? {sorted(plain)}"
    assert texts["ButtonCancel"] == "Huỷ" and texts["ButtonNext"] == "&Tiếp >"


def test_old_or_32_bit_windows_is_refused_in_vietnamese():
    setup = "\n".join(section(iss(), "Setup"))
    assert re.search(r"^MinVersion=10\.0\.17763$", setup, re.M)  # Windows 10 1809
    assert re.search(r"^ArchitecturesAllowed=x64compatible$", setup, re.M)
    assert re.search(r"^ArchitecturesInstallIn64BitMode=x64compatible$", setup, re.M)
    texts = dict(messages())
    for name in ("WindowsVersionNotSupported", "WinVersionTooLowError"):
        assert "1809" in texts[name] and "64-bit" in texts[name], name
    assert "32-bit" in texts["OnlyOnTheseArchitectures"]
