#!/usr/bin/env bash
# Run the tests on the Qt that the Linux bundle ships (installer/bundle-pins.txt) instead of the
# development set-up's newer one. CI's default run has the cheap static gate
# (tests/installer/test_qt_api_pin.py); this is the full check, for a release or a Qt upgrade.
# Usage: bash installer/test-pinned-qt.sh [PYTEST ARGS...]      (default: the whole suite)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
venv=.venv-pinned-qt
[ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -c installer/bundle-pins.txt -e '.[test]'
"$venv/bin/python" -c "import PySide6; print('tests on PySide6', PySide6.__version__)"
QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest "$@"
