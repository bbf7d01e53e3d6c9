#!/usr/bin/env bash
# Build the Linux bundle (one folder, PyInstaller) and a .deb for domestic Linux desktops
# (UOS/Kylin/Debian/Ubuntu, x86_64), then smoke-test the bundle.
# Usage (from anywhere): bash installer/build-linux.sh      -> build/duchaban_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."

bash installer/setup-dev.sh
.venv/bin/python -m pip install -q --disable-pip-version-check "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath build/dist --workpath build/work \
    installer/duchaban.spec

version=$(.venv/bin/python -c "import duchaban; print(duchaban.__version__)")
stage="build/deb/duchaban_${version}_amd64"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/icons/hicolor/256x256/apps"
cp -a build/dist/duchaban "$stage/opt/duchaban"
ln -s /opt/duchaban/duchaban-cli "$stage/usr/bin/duchaban"
cp resources/icons/duchaban.png "$stage/usr/share/icons/hicolor/256x256/apps/duchaban.png"
cat > "$stage/usr/share/applications/duchaban.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=督查办
Name[zh_CN]=督查办
Comment=政府工作报告目标任务督查:台账、督查、整改销号、通报与考核
Exec=/opt/duchaban/duchaban %f
Icon=duchaban
Terminal=false
Categories=Office;
MimeType=application/x-duchaban-database;
DESKTOP
size=$(du -sk "$stage/opt" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: duchaban
Version: ${version}
Section: office
Priority: optional
Architecture: amd64
Maintainer: duchaban developers <duchaban@localhost>
Installed-Size: ${size}
Depends: libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libdbus-1-3,
 fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei
Description: 督查办 — supervision office's task follow-up
 Follows a district's government work report tasks from the decomposition notice to
 close-out: ledgers, inspections, rectification, bulletins and the annual assessment.
CONTROL
# gzip: every dpkg reads it, including the older ones of domestic distributions.
dpkg-deb -Zgzip --build --root-owner-group "$stage" "build/duchaban_${version}_amd64.deb" >/dev/null

bash installer/smoke-test.sh build/dist/duchaban
echo "bundle: build/dist/duchaban ($(du -sh build/dist/duchaban | cut -f1)); package: build/duchaban_${version}_amd64.deb ($(du -sh "build/duchaban_${version}_amd64.deb" | cut -f1))"
