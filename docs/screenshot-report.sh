#!/usr/bin/env bash
# Makes docs/report-arbejdsplads-1.png: the HTML report of the example plan
# plans/arbejdsplads-1.json on 21 November 2024, as headless Chromium shows it.
#
#   cargo build && bash docs/screenshot-report.sh
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)
backbrief="$project/target/debug/backbrief"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME="Sekretær Sofie" GIT_AUTHOR_EMAIL="sofie@example.dk"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2024-09-01T10:00:00+00:00" GIT_COMMITTER_DATE="2024-09-01T10:00:00+00:00"
export HOME="$work" GIT_CONFIG_NOSYSTEM=1 TZ=UTC

mkdir -p "$work/repo"
"$backbrief" -C "$work/repo" init >/dev/null
cp "$project/plans/arbejdsplads-1.json" "$work/repo/plans/"
GIT_AUTHOR_DATE="2024-09-02T10:00:00+00:00" GIT_COMMITTER_DATE="2024-09-02T10:00:00+00:00" \
  "$backbrief" -C "$work/repo" decide arbejdsplads-1 \
  -m "Backbriefen fra arbejdsplads 1 vedtaget" --by Lokal-MED --meeting "MED-møde 2. september 2024" >/dev/null
"$backbrief" -C "$work/repo" report arbejdsplads-1 --at 2024-11-21 --out "$work/rapport.html" >/dev/null

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$work/profile" \
  --screenshot="$project/docs/report-arbejdsplads-1.png" --window-size=900,3000 \
  "file://$work/rapport.html" >/dev/null 2>&1
echo "docs/report-arbejdsplads-1.png"
