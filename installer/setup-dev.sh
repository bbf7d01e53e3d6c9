#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine to run and test duchaban from this checkout:
# the system libraries Qt needs (also offscreen), a CJK font, LibreOffice for PDF copies, and .venv
# with the app installed.
# Safe to run again: it installs only what is missing.
# PYTHON=python3.11 picks the interpreter; --list-packages prints the system packages it would check, and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# The checks come first, before anything is installed: pip's own message for a too-old Python is
# English and late ("requires a different Python"), after every system package went in.
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "找不到 Python($PYTHON):请先安装 Python 3.11 或更新版本(Debian 12:sudo apt-get install python3 python3-venv)," \
         "或以 PYTHON=解释器路径 bash installer/setup-dev.sh 指定。" >&2
    exit 1
fi
PY_VERSION=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PY_MAJOR=${PY_VERSION%%.*}
PY_MINOR=${PY_VERSION#*.}
if [ "$PY_MAJOR" -ne 3 ] || [ "$PY_MINOR" -lt 11 ]; then
    echo "督查办需要 Python 3.11 或更新版本,而 $PYTHON 是 Python $PY_VERSION。" \
         "请安装 Python 3.11(如 Ubuntu 22.04:sudo apt-get install python3.11 python3.11-venv)," \
         "再运行 PYTHON=python3.11 bash installer/setup-dev.sh" >&2
    exit 1
fi
SYSTEM_PACKAGES=(
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
    libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
    fonts-noto-cjk xvfb xauth
    # Optional for the app (PDF copies of bulletins); the tests convert one and read it back.
    libreoffice-writer-nogui poppler-utils
    # The office hub's tests start a throwaway PostgreSQL cluster of their own on loopback.
    postgresql
)
# Debian and Ubuntu ship venv's ensurepip apart from Python itself (python3.X-venv); without it
# "python3 -m venv" fails with "ensurepip is not available". Other Pythons (pyenv, python.org) have it.
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
    SYSTEM_PACKAGES+=("python$PY_VERSION-venv")
    [ "$(readlink -f "$(command -v "$PYTHON")")" = "$(readlink -f /usr/bin/python3 2>/dev/null)" ] &&
        SYSTEM_PACKAGES+=(python3-venv)
fi
if [ "${1:-}" = "--list-packages" ]; then
    printf '%s\n' "${SYSTEM_PACKAGES[@]}"
    exit 0
fi

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "Installing system packages: ${missing[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
else
    echo "Not a Debian-like system: install Qt's X11/EGL libraries and a CJK font yourself." >&2
fi

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "Ready: .venv/bin/duchaban"
