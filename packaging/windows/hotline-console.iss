; Inno Setup 6 script: the Windows installer for the Hotline Console bundle.
;
; Build the bundle on Windows first (same spec as on Linux), then compile:
;
;   .venv\Scripts\pyinstaller --noconfirm --clean build.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\hotline-console.iss
;
; AppVersion is the version in pyproject.toml (required). The result is
; dist\hotline-console-<version>-setup.exe. Silent install for IT:
;
;   hotline-console-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/DIR="D:\Apps\Hotline Console"]
;
; packaging/README.md says what is and is not tested: this script has not been
; compiled or run here (the project's machines are Linux).

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=<version> hotline-console.iss
#endif

#define AppName "Hotline Console"
#define AppExe "hotline-console.exe"
; Relative to this file: the repository's dist\ and resources\ folders.
#define Root "..\.."

[Setup]
; The AppId ties every later version to this one (upgrade in place, one
; entry in Apps & features). Never change it.
AppId={{3CC3500B-4710-4947-A054-C033A9E61191}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Hotline Console IT
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Machine-wide: Program Files, the all-users Start menu and ProgramData.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=hotline-console-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; An upgrade closes a running console (Restart Manager) instead of failing
; on files in use; the person is asked first unless the install is silent.
CloseApplications=yes
RestartApplications=no

[InstallDelete]
; An upgrade replaces the bundle whole: nothing of the previous version's
; _internal folder (a Python module or DLL since dropped) is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The onedir bundle, exactly as PyInstaller left it.
Source: "{#Root}\dist\hotline-console\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The site settings file (console.settings reads
; %ProgramData%\HotlineConsole\settings.toml on Windows). Written on the first
; install only: IT's edits survive upgrades, and the uninstaller leaves it,
; as dpkg leaves /etc/hotline-console/settings.toml on remove.
Source: "{#Root}\resources\settings.example.toml"; DestDir: "{commonappdata}\HotlineConsole"; DestName: "settings.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Answer and record hotline calls, texts and tips"

[Run]
Filename: "{app}\{#AppExe}"; Description: "Open {#AppName} now"; Flags: nowait postinstall skipifsilent
