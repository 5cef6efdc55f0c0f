#!/usr/bin/env bash
# Times `backbrief serve`'s pages on a large repository, and recording a
# decision through the browser's forms against `backbrief decide`.
#
#   benches/measure_serve.sh [--plans 1000] [--decisions 100000] [--runs 40] [--records 5] [--dir DIR]
#
# Builds `cargo build --release`, makes the repository with
# `cargo bench --bench generate_history` (kept in DIR when given and reused
# when it exists; recording writes to it, so give it a copy), starts
# `serve --no-open --port 0` on it, times the overview, a plan page and the
# trail's first page with curl (loopback only, a new connection each time,
# after one warm-up request), and prints p50 and p95 in milliseconds. Then,
# --records times over, it records one status change with `decide --set`
# and another through the forms, and prints the medians: `decide`, the
# decision form's post alone, and the whole round in the browser (status
# form, the plan page again, decision form). Each recording is checked.
set -euo pipefail

plans=1000
decisions=100000
runs=40
records=5
dir=""
while (($# > 0)); do
  case "$1" in
    --plans) plans="$2"; shift 2 ;;
    --decisions) decisions="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
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
if [[ -n "$(git status --porcelain -- plans)" ]]; then
  echo "measure_serve.sh: $dir has undecided edits in plans/; give it a clean copy" >&2
  exit 2
fi
# From a glob, not `ls | head`: with pipefail, ls ending on SIGPIPE would
# stop the script once the names fill the pipe.
plan_files=(plans/*.json)
plan="$(basename "${plan_files[0]}" .json)"
out="$(mktemp)"
"$bin" serve --no-open --port 0 >"$out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s "$out" ]] && break; sleep 0.1; done
url="$(head -1 "$out")"
[[ "$url" == http://127.0.0.1:* ]] || { echo "measure_serve.sh: serve printed no address" >&2; exit 1; }
base="${url%%/?token=*}"
jar="$(mktemp)"
curl -s -c "$jar" -o /dev/null "$url"

percentiles() { # prints "p50 p95" in ms of the numbers (seconds) on stdin
  sort -n | awk '{ t[NR] = $1 * 1000 } END { i50 = int((NR - 1) * 0.5) + 1; i95 = int((NR - 1) * 0.95) + 1; printf "%.1f %.1f\n", t[i50], t[i95] }'
}
median() { sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.0f", t[int((NR + 1) / 2)] }'; }
get() { # GET $1; fails unless the answer is 200
  local code
  code="$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base$1")"
  [[ "$code" == 200 ]] || { echo "measure_serve.sh: GET $1 answered $code" >&2; exit 1; }
}
time_page() {
  get "$1"
  for _ in $(seq "$runs"); do
    curl -s -f -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$1"
  done | percentiles
}
echo "repository: $(ls plans | wc -l) plans, $(git rev-list --count HEAD) commits; $runs runs each; ms (p50 p95)"
echo "overview   $(time_page /)"
echo "plan page  $(time_page "/plan/$plan")"
echo "trail      $(time_page /decisions)"

subtask="$(python3 -c 'import json, sys
plan = json.load(open(sys.argv[1]))
print(next(s["id"] for p in plan["phases"] for s in p.get("subtasks", [])))' "plans/$plan.json")"
[[ -n "$subtask" ]] || { echo "measure_serve.sh: no activity in plans/$plan.json" >&2; exit 1; }
statuses=(done blocked in_progress planned)
post() { # POST the form to $1; prints "seconds code"
  local path="$1"; shift
  local args=()
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{time_total} %{http_code}\n' "${args[@]}" "$base$path"
}
decide_times=() record_times=() round_times=()
for i in $(seq "$records"); do
  now="$(python3 -c 'import json, sys
plan = json.load(open(sys.argv[1]))
print(next(s["status"] for p in plan["phases"] for s in p.get("subtasks", []) if s["id"] == sys.argv[2]))' "plans/$plan.json" "$subtask")"
  for k in 0 1 2 3; do [[ "${statuses[$k]}" == "$now" ]] && break; done
  start=$(date +%s.%N)
  "$bin" decide "$plan" -m "Målt $i" --by "Lokal-MED" --set "$subtask.status=${statuses[$(((k + 1) % 4))]}" >/dev/null
  decide_times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  page="$(curl -s -b "$jar" "$base/plan/$plan")"
  field() { grep -o "name=\"$1\" value=\"[^\"]*\"" <<<"$page" | head -1 | sed 's/.*value="//;s/"$//'; }
  was="$(field "was.$subtask")"
  start=$(date +%s.%N)
  read -r _ code < <(post "/plan/$plan/statuses" "status.$subtask=${statuses[$(((k + 2) % 4))]}" "was.$subtask=$was")
  [[ "$code" == 303 ]] || { echo "measure_serve.sh: the status form answered $code" >&2; exit 1; }
  page="$(curl -s -b "$jar" "$base/plan/$plan")"
  read -r seconds code < <(post "/plan/$plan/record" "base=$(field base)" "draft=$(field draft)" \
    "summary=Målt i browseren $i" "decided_by=Lokal-MED")
  round_times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  record_times+=("$seconds")
  [[ "$code" == 303 ]] || { echo "measure_serve.sh: the decision form answered $code" >&2; exit 1; }
  [[ "$(git log -1 --format=%s)" == "Målt i browseren $i" ]] || { echo "measure_serve.sh: not recorded" >&2; exit 1; }
done
printf 'record (median of %s): decide %s ms; decision form post %s ms; browser round (status form, page, decision form) %s ms\n' \
  "$records" "$(printf '%s\n' "${decide_times[@]}" | median)" "$(printf '%s\n' "${record_times[@]}" | median)" \
  "$(printf '%s\n' "${round_times[@]}" | median)"
