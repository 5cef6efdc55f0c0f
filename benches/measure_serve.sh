#!/usr/bin/env bash
# Times `backbrief serve`'s pages on a large repository, and recording a
# decision through the browser's forms against `backbrief decide`.
#
#   benches/measure_serve.sh [--plans 1000] [--decisions 100000] [--runs 40] [--dir DIR]
#
# Builds `cargo build --release`, makes the repository with
# `cargo bench --bench generate_history` (kept in DIR when given and reused
# when it exists), starts `serve --no-open --port 0` on it, times the
# overview, a plan page and the trail's first page with curl (loopback
# only), and prints p50 and p95 in milliseconds. Then it times `decide --set`
# and the same change made through the forms (status form + decision form).
set -euo pipefail

plans=1000
decisions=100000
runs=40
dir=""
while (($# > 0)); do
  case "$1" in
    --plans) plans="$2"; shift 2 ;;
    --decisions) decisions="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "measure_serve.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/backbrief"
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d)/history"
fi
if [[ ! -d "$dir/.git" ]]; then
  cargo bench -q --bench generate_history -- --plans "$plans" --decisions "$decisions" --out "$dir" >&2
fi
export GIT_AUTHOR_NAME="Sekretær" GIT_AUTHOR_EMAIL="s@example.dk"
export GIT_COMMITTER_NAME="Sekretær" GIT_COMMITTER_EMAIL="s@example.dk"
cd "$dir"
plan="$(ls plans | head -1)"
plan="${plan%.json}"
out="$(mktemp)"
"$bin" serve --no-open --port 0 >"$out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s "$out" ]] && break; sleep 0.1; done
url="$(head -1 "$out")"
base="${url%%/?token=*}"
jar="$(mktemp)"
curl -s -c "$jar" -o /dev/null "$url"

percentiles() { # prints "p50 p95" in ms of the numbers (seconds) on stdin
  sort -n | awk '{ t[NR] = $1 * 1000 } END { i50 = int((NR - 1) * 0.5) + 1; i95 = int((NR - 1) * 0.95) + 1; printf "%.1f %.1f\n", t[i50], t[i95] }'
}
time_page() {
  for _ in $(seq "$runs"); do
    curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$1"
  done | percentiles
}
echo "repository: $plans plans, $decisions decisions; $runs runs each; ms (p50 p95)"
echo "overview   $(time_page /)"
echo "plan page  $(time_page "/plan/$plan")"
echo "trail      $(time_page /decisions)"

subtask="$(grep -o '"id": "[^"]*"' "plans/$plan.json" | sed -n 3p | cut -d'"' -f4)"
start=$(date +%s.%N)
"$bin" decide "$plan" -m "Målt" --by "Lokal-MED" --set "$subtask.status=done" >/dev/null
decide=$(echo "$(date +%s.%N) - $start" | bc)
page="$(curl -s -b "$jar" "$base/plan/$plan")"
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" <<<"$page" | head -1 | sed 's/.*value="//;s/"$//'; }
start=$(date +%s.%N)
curl -s -b "$jar" -H "Origin: $base" -o /dev/null \
  --data-urlencode "status.$subtask=blocked" --data-urlencode "was.$subtask=done" "$base/plan/$plan/statuses"
page="$(curl -s -b "$jar" "$base/plan/$plan")"
curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '' \
  --data-urlencode "base=$(field base)" --data-urlencode "draft=$(field draft)" \
  --data-urlencode "summary=Målt i browseren" --data-urlencode "decided_by=Lokal-MED" "$base/plan/$plan/record"
browser=$(echo "$(date +%s.%N) - $start" | bc)
printf 'record: decide %.0f ms; browser (status form, page, decision form) %.0f ms\n' \
  "$(echo "$decide * 1000" | bc)" "$(echo "$browser * 1000" | bc)"
git log -1 --format='last decision: %s' 
