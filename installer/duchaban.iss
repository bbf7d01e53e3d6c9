; Inno Setup script for the Windows installer of 督查办 (duchaban).
; Build the one-folder bundle first (see README, "Installers"), then: iscc installer\duchaban.iss
; Output: build\duchaban-setup-<version>.exe
;
; Upgrades keep data: the database and its evidence live in the user's data folder
; (%LOCALAPPDATA%\duchaban), which this installer never writes or removes; the fixed AppId
; makes a new version replace the old program files in place.

#define AppVersion "0.1.0"

[Setup]
AppId={{6B1C9E2A-3F47-4C8E-9D0B-2A6E5F1D7C43}
AppName=督查办
AppVersion={#AppVersion}
AppPublisher=duchaban
DefaultDirName={autopf}\duchaban
DefaultGroupName=督查办
DisableProgramGroupPage=yes
OutputDir=..\build
OutputBaseFilename=duchaban-setup-{#AppVersion}
SetupIconFile=..\resources\icons\duchaban.ico
UninstallDisplayIcon={app}\duchaban.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\build\dist\duchaban\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\督查办"; Filename: "{app}\duchaban.exe"
Name: "{group}\督查办(演示数据)"; Filename: "{app}\duchaban.exe"; Parameters: "--db ""{userdocs}\督查办演示.dcb"""
Name: "{group}\卸载督查办"; Filename: "{uninstallexe}"
Name: "{autodesktop}\督查办"; Filename: "{app}\duchaban.exe"; Tasks: desktopicon

[Registry]
; .dcb files (督查办数据库) open in the app.
Root: HKA; Subkey: "Software\Classes\.dcb\OpenWithProgids"; ValueType: string; ValueName: "duchaban.database"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\duchaban.database"; ValueType: string; ValueName: ""; ValueData: "督查办数据库"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\duchaban.database\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\duchaban.exe,0"
Root: HKA; Subkey: "Software\Classes\duchaban.database\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\duchaban.exe"" --db ""%1"""

[Run]
Filename: "{app}\duchaban-cli.exe"; Parameters: "demo --db ""{userdocs}\督查办演示.dcb"""; Flags: runhidden; Check: not FileExists(ExpandConstant('{userdocs}\督查办演示.dcb'))
Filename: "{app}\duchaban.exe"; Description: "{cm:LaunchProgram,督查办}"; Flags: nowait postinstall skipifsilent
