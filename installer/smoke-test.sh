#!/usr/bin/env bash
# Smoke test of a built bundle: the command line builds the demo database, checks it, issues a
# bulletin and prints a record; the window starts offscreen on the demo database and paints.
# Usage: bash installer/smoke-test.sh build/dist/duchaban
set -euo pipefail
bundle=$(cd "${1:?usage: smoke-test.sh BUNDLE_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli="$bundle/duchaban-cli"
export QT_QPA_PLATFORM=offscreen

"$cli" --version
"$cli" demo --db "$work/demo.dcb"
"$cli" check --db "$work/demo.dcb" | tail -1 | grep -q "检查通过"
"$cli" bulletin --db "$work/demo.dcb" --period 2021Q2 --out "$work/通报.docx" >/dev/null
test -s "$work/通报.docx" && test -s "$work/通报-附件.xlsx"
"$cli" print --db "$work/demo.dcb" inspection 2 --out "$work/记录.pdf" >/dev/null
test -s "$work/记录.pdf"
out=$(timeout 60 "$bundle/duchaban" --db "$work/demo.dcb" --smoke-test 2>/dev/null)
echo "$out"
echo "$out" | grep -q "任务 156 项"
echo "$out" | grep -q "Qt translations: qtbase_zh_CN"     # Qt's own dialogs read Chinese
echo "smoke test passed: $bundle"
