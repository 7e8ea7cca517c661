; Inno Setup script for CareQA on Windows. NOT TESTED HERE (built and tested on Linux only);
; see packaging/windows/README.md for how to build it on a Windows machine.
; Installs per user (no administrator rights) into %LOCALAPPDATA%\Programs\CareQA, with a Start
; menu entry and an uninstaller. The library, settings and logs (in %LOCALAPPDATA%\careqa) are
; kept on uninstall.
#define AppVersion "0.1.0"
#define DistDir "..\..\dist\CareQA"

[Setup]
AppId={{5B0E6C57-3D44-4B8E-9E1C-CA4E0A11C0A1}
AppName=CareQA
AppVersion={#AppVersion}
AppPublisher=CareQA
DefaultDirName={autopf}\CareQA
DefaultGroupName=CareQA
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=CareQA-{#AppVersion}-windows-x64-setup
Compression=lzma2/fast
SolidCompression=no
DiskSpanning=no
; The default chat model is 1.1 GB: the setup file exceeds 2 GB only if more models are added.
UninstallDisplayIcon={app}\CareQA.exe
WizardStyle=modern

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CareQA"; Filename: "{app}\CareQA.exe"
Name: "{group}\CareQA self-test"; Filename: "{app}\careqa-cli.exe"; Parameters: "self-test"
Name: "{group}\Uninstall CareQA"; Filename: "{uninstallexe}"
Name: "{userdesktop}\CareQA"; Filename: "{app}\CareQA.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\careqa-cli.exe"; Parameters: "self-test"; StatusMsg: "Checking CareQA on this computer..."; Flags: runhidden waituntilterminated
Filename: "{app}\CareQA.exe"; Description: "Start CareQA"; Flags: nowait postinstall skipifsilent
