#!/usr/bin/env bash
# Build the Linux bundle (one folder, PyInstaller) and a .deb for domestic Linux desktops
# (UOS V20, Kylin V10, Debian 10+, Ubuntu 20.04+, x86_64), then check that no binary in it needs
# more than glibc 2.28 and smoke-test the bundle.
# Usage (from anywhere): bash installer/build-linux.sh      -> build/duchaban_<version>_amd64.deb
# The bundle runs on its own Python, built for glibc 2.28 (installer/build-python-glibc228.sh, a few
# minutes on 2 cores the first time, then reused), with the pinned Qt of installer/bundle-pins.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

# .venv: the host's tools (pip to fetch wheels, pyelftools for the check) and, through set-up, the
# system libraries the smoke test's offscreen window needs.
bash installer/setup-dev.sh
bash installer/build-python-glibc228.sh build/python-glibc228

# Wheels for glibc 2.28: the host's pip picks, for CPython 3.11, only wheels tagged manylinux_2_28
# or older (the bundle's Python has no TLS, so it installs from this folder, offline).
wheels=build/wheels-glibc228
rm -rf "$wheels" && mkdir -p "$wheels"
.venv/bin/python -m pip wheel -q --disable-pip-version-check --no-deps -w "$wheels" .
platforms=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
for minor in $(seq 28 -1 5); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
.venv/bin/python -m pip download -q --disable-pip-version-check --only-binary=:all: "${platforms[@]}" \
    --python-version 3.11 --implementation cp --abi cp311 -c installer/bundle-pins.txt -d "$wheels" \
    "$wheels"/duchaban-*.whl pyinstaller

rm -rf build/bundle-venv
build/python-glibc228/bin/python3.11 -m venv build/bundle-venv
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check --no-index --find-links "$wheels" \
    duchaban pyinstaller
build/bundle-venv/bin/python -c "import PySide6; print('bundle: PySide6', PySide6.__version__)"
build/bundle-venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath build/dist --workpath build/work \
    installer/duchaban.spec

# The packaging check: every executable and shared object needs at most GLIBC_2.28 / GLIBCXX_3.4.25.
.venv/bin/python installer/check_glibc.py build/dist/duchaban | tee build/glibc-check.txt

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
# The libraries the bundle leaves to the system (duchaban.spec), by the package names Debian 10
# (UOS V20) and Ubuntu 20.04 (Kylin V10) both use; "a | b" where a later release renamed one
# (Ubuntu 24.04's t64 packages). libatomic1: Qt's PDF image plugin (thumbnails of PDF evidence).
# The fonts are ones the window and printouts pick (ui/app.py UI_FONTS).
DEPENDS="libc6 (>= 2.28), libstdc++6 (>= 8), libgcc-s1 | libgcc1, libatomic1, zlib1g, libzstd1, libglib2.0-0 | libglib2.0-0t64, \
libdbus-1-3, libfontconfig1, libfreetype6, libegl1, libgl1, libx11-6, libx11-xcb1, libxkbcommon0, \
libxkbcommon-x11-0, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, \
libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xkb1, \
fonts-noto-cjk | fonts-wqy-microhei"
# Printing to a printer (Qt's CUPS plugin) and the GTK look (Qt's GTK 3 theme plugin).
RECOMMENDS="libcups2 | libcups2t64, libgtk-3-0 | libgtk-3-0t64"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: duchaban
Version: ${version}
Section: office
Priority: optional
Architecture: amd64
Maintainer: duchaban developers <duchaban@localhost>
Installed-Size: ${size}
Depends: ${DEPENDS}
Recommends: ${RECOMMENDS}
Description: 督查办 — supervision office's task follow-up
 Follows a district's government work report tasks from the decomposition notice to
 close-out: ledgers, inspections, rectification, bulletins and the annual assessment.
CONTROL
# Every library the bundle needs from the system is in Depends, but for Qt plugins that Qt skips
# when their libraries are missing (Wayland, EGLFS/KMS, VNC, GL integration, GTK theme, CUPS).
.venv/bin/python installer/check_deb_depends.py build/dist/duchaban --depends "$DEPENDS" \
    --optional '*/lib/libQt6Wayland*' --optional '*/lib/libQt6Wl*' --optional '*/plugins/wayland*' --optional '*/plugins/platforms/libqwayland*' \
    --optional '*/lib/libQt6EglFs*' --optional '*/lib/libQt6EglFS*' --optional '*/plugins/egldeviceintegrations/*' \
    --optional '*/plugins/platforms/libqeglfs*' --optional '*/plugins/platforms/libqlinuxfb*' \
    --optional '*/plugins/platforms/libqvnc*' --optional '*/plugins/platforms/libqvkkhrdisplay*' \
    --optional '*/plugins/generic/*' --optional '*/lib/libQt6Network*' --optional '*/plugins/xcbglintegrations/*' \
    --optional '*/plugins/platformthemes/*' --optional '*/plugins/printsupport/*' --optional '*/plugins/tls/*'
# gzip: every dpkg reads it, including the older ones of domestic distributions.
dpkg-deb -Zgzip --build --root-owner-group "$stage" "build/duchaban_${version}_amd64.deb" >/dev/null

bash installer/smoke-test.sh build/dist/duchaban
echo "bundle needs at most: $(grep -o '^highest [A-Z]*_[0-9.]*' build/glibc-check.txt | cut -d' ' -f2 | paste -sd' ')"
echo "bundle: build/dist/duchaban ($(du -sh build/dist/duchaban | cut -f1)); package: build/duchaban_${version}_amd64.deb ($(du -sh "build/duchaban_${version}_amd64.deb" | cut -f1))"
