#!/usr/bin/env bash
# The audit trail at municipal scale: each figure of `log`, `log PLAN` and
# `blame PLAN` next to its git counterpart measured in the same run, printed
# as a ratio, with peak memory; then `benches/verify.sh` for verify vs fsck.
#
#   benches/trail.sh --repo DIR [--runs N] [--no-verify] [--keep]
#   BIN=target/release/backbrief benches/trail.sh --repo /work/bench/h100k
#
#   --repo DIR     a plans repository to time (e.g. 1,000 plans with 100,000
#                  decisions made by benches/generate_history.rs); it is copied
#                  first (`log` writes its cache, the bench writes a graph)
#   --runs N       runs of each command; the median is shown (default 3)
#   --no-verify    leave out benches/verify.sh (verify vs git fsck)
#   --keep         keep the working folder
#
# Each command runs under /usr/bin/time (GNU time): wall seconds and peak
# resident memory. Figures, each with its git counterpart:
#   first rows      `log | head -5` (no cache) vs `git log ... -- plans/ | head -5`
#   cold log        `log` with no cache (it fills the cache) vs git log
#   warm log        `log` and `log --json` reading the cache vs git log
#   memory          warm `log` at the whole history vs at its first 1,000 commits
#   blame PLAN with a commit-graph as `git gc` writes it (no changed-path
#                   filters) vs `git log -- plans/<id>.json` with that graph
#   log PLAN, blame PLAN with a commit-graph (--reachable --changed-paths)
#                   vs `git log -- plans/<id>.json` with the same graph
# where git log is `git log --format=%H%x20%an%x20%ad%x20%s -- plans/`.
set -euo pipefail

runs=3
from=""
verify=1
keep=0
while (($# > 0)); do
  case "$1" in
    --runs | --repo)
      if (($# < 2)); then echo "trail.sh: $1 needs a value" >&2; exit 2; fi ;;&
    --runs) runs="$2"; shift 2 ;;
    --repo) from="$2"; shift 2 ;;
    --no-verify) verify=0; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "trail.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -n "$from" ]] || { echo "trail.sh: --repo DIR is needed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "trail.sh: needs GNU time (Debian: apt-get install time)" >&2; exit 3; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d "${TMPDIR:-/tmp}/backbrief-trail.XXXXXX")"
cleanup() { if ((keep)); then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

if [[ -z "${BIN:-}" ]]; then
  cargo build --release --quiet
  BIN="$root/target/release/backbrief"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

echo "== copy $from"
repo="$work/repo"
cp -a "$from" "$repo"
rm -rf "$repo/.git/backbrief" "$repo/.git/objects/info/commit-graph" "$repo/.git/objects/info/commit-graphs"
plan="$(cd "$repo/plans" && ls -- *.json | sed -n '1{s|\.json$||;p}')"
commits="$(git -C "$repo" rev-list --count HEAD)"
echo "$commits commits; plan $plan: $(git -C "$repo" log --oneline -- "plans/$plan.json" | wc -l) changes"
export COLUMNS=120

declare -A secs peak
# measure NAME PREPARE COMMAND: runs COMMAND (bash) $runs times, PREPARE before
# each; keeps the median wall time and the largest peak memory.
measure() {
  local name="$1" prepare="$2" command="$3" times=() top=0 i report
  report="$work/time.txt"
  for ((i = 0; i < runs; i++)); do
    [[ -n "$prepare" ]] && bash -c "$prepare"
    /usr/bin/time -f '%e %M' -o "$report" bash -c "$command" >/dev/null 2>&1 || true
    read -r s kb <"$report"
    times+=("$s")
    ((kb > top)) && top=$kb
  done
  secs[$name]="$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")"
  peak[$name]="$top"
  printf '  %-34s %8.2f s %8.1f MB\n' "$name" "${secs[$name]}" "$(echo "$top / 1024" | bc -l)"
}
ratio() {
  if [[ "$(echo "${secs[$3]} > 0" | bc -l)" == 1 ]]; then
    printf '  %-48s %6.2f   (target %s)\n' "$1" "$(echo "${secs[$2]} / ${secs[$3]}" | bc -l)" "$4"
  else
    printf '  %-48s %6s   (%s s against under 0.01 s)\n' "$1" "-" "${secs[$2]}"
  fi
}

gitlog="git -C $repo log --format=%H%x20%an%x20%ad%x20%s -- plans/"
nocache="rm -rf $repo/.git/backbrief"

echo "== log over the whole history ($runs runs each, median)"
measure "git log | head -5" "" "$gitlog | head -5"
measure "log | head -5 (no cache)" "$nocache" "$BIN -C $repo log | head -5"
measure "log --json | head -5 (no cache)" "$nocache" "$BIN -C $repo log --json | head -5"
measure "git log" "" "$gitlog"
measure "log (cold: no cache)" "$nocache" "$BIN -C $repo log"
"$BIN" -C "$repo" log >/dev/null
"$BIN" -C "$repo" log --json >/dev/null
measure "log (warm)" "" "$BIN -C $repo log"
measure "log --json (warm)" "" "$BIN -C $repo log --json"
measure "log | head -5 (warm)" "" "$BIN -C $repo log | head -5"

echo "== memory: the first 1,000 commits alone"
small="$work/small"
git -C "$repo" branch -f first-1000 "$(git -C "$repo" rev-list --reverse HEAD | sed -n 1000p)"
git clone -q --no-local --single-branch --branch first-1000 "$repo" "$small"
git -C "$repo" branch -D -q first-1000
"$BIN" -C "$small" log >/dev/null
measure "log (warm, 1,000 commits)" "" "$BIN -C $small log"

echo "== one plan, without and with a commit-graph"
measure "git log PLAN (no graph)" "" "git -C $repo log -- plans/$plan.json"
measure "log PLAN (no graph)" "" "$BIN -C $repo log $plan"
measure "blame PLAN (no graph)" "" "$BIN -C $repo blame $plan"
# A graph as `git gc` writes it: no changed-path filters.
git -C "$repo" commit-graph write --reachable --no-changed-paths
measure "git log PLAN (graph, no filters)" "" "git -C $repo log -- plans/$plan.json"
measure "blame PLAN (graph, no filters)" "" "$BIN -C $repo blame $plan"
git -C "$repo" commit-graph write --reachable --changed-paths
measure "git log PLAN (graph)" "" "git -C $repo log -- plans/$plan.json"
measure "log PLAN (graph)" "" "$BIN -C $repo log $plan"
measure "blame PLAN (graph)" "" "$BIN -C $repo blame $plan"
measure "git log (graph)" "" "$gitlog"
measure "log (warm, graph)" "" "$BIN -C $repo log"

echo
echo "== ratios ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-48s %6.2f s (target < 0.2 s)\n' "first rows of log, no cache" "${secs["log | head -5 (no cache)"]}"
ratio "first rows: log / git log" "log | head -5 (no cache)" "git log | head -5" "-"
ratio "cold log / git log" "log (cold: no cache)" "git log" "no slower than before"
ratio "warm log / git log" "log (warm)" "git log" "<= 1.5, aim 1.0"
ratio "warm log --json / git log" "log --json (warm)" "git log" "<= 1.5, aim 1.0"
ratio "warm log / git log, with a graph" "log (warm, graph)" "git log (graph)" "<= 1.5"
ratio "log PLAN / git log PLAN, no graph" "log PLAN (no graph)" "git log PLAN (no graph)" "-"
ratio "blame PLAN / git log PLAN, no graph" "blame PLAN (no graph)" "git log PLAN (no graph)" "-"
ratio "blame PLAN / git log PLAN, graph, no filters" "blame PLAN (graph, no filters)" "git log PLAN (graph, no filters)" "<= 2"
ratio "log PLAN / git log PLAN, with a graph" "log PLAN (graph)" "git log PLAN (graph)" "<= 2"
ratio "blame PLAN / git log PLAN, with a graph" "blame PLAN (graph)" "git log PLAN (graph)" "<= 2"
printf '  %-48s %6.2f   (%.1f MB / %.1f MB; flat is about 1)\n' "log's peak memory: $commits / 1,000 commits" \
  "$(echo "${peak["log (warm)"]} / ${peak["log (warm, 1,000 commits)"]}" | bc -l)" \
  "$(echo "${peak["log (warm)"]} / 1024" | bc -l)" "$(echo "${peak["log (warm, 1,000 commits)"]} / 1024" | bc -l)"
printf '  %-48s %6.1f MB\n' "git log's peak memory" "$(echo "${peak["git log"]} / 1024" | bc -l)"

if ((verify)); then
  echo
  echo "== verify (benches/verify.sh)"
  BIN="$BIN" "$root/benches/verify.sh" --repo "$from"
fi
