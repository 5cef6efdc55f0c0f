#!/usr/bin/env bash
# Times `backbrief verify` against `git fsck` on one generated history, and the
# two checks that look only at what is new: `verify` after `verify --record`,
# and the server's `verify --pre-receive` for a push of 10 decisions.
#
#   benches/verify.sh [--plans N] [--decisions M] [--since K] [--repo DIR] [--keep]
#   BIN=target/debug/backbrief benches/verify.sh --repo DIR --since 5   # a quick try
#
#   --plans N       plans in the history (default 1000)
#   --decisions M   decisions in the history (default 100000)
#   --since K       decisions made after `verify --record` (default 100)
#   --repo DIR      time a copy of this plans repository instead of generating one
#   --keep          keep the working folder
#
# Builds `cargo build --release` (unless BIN names a binary), generates the
# history with `cargo bench --bench generate_history`, then prints one line per
# figure: seconds, and the ratio to `git fsck --full` on the same repository.
# Needs git and cargo.
set -euo pipefail

plans=1000
decisions=100000
since=100
keep=0
from=""
while (($# > 0)); do
  case "$1" in
    --plans) plans="$2"; shift 2 ;;
    --decisions) decisions="$2"; shift 2 ;;
    --since) since="$2"; shift 2 ;;
    --repo) from="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "verify.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d "${TMPDIR:-/tmp}/backbrief-verify-bench.XXXXXX")"
cleanup() { if ((keep)); then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

if [[ -z "${BIN:-}" ]]; then
  cargo build --release --quiet
  BIN="$root/target/release/backbrief"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

repo="$work/repo"
if [[ -n "$from" ]]; then
  echo "== copy $from"
  git clone -q --no-local "$from" "$repo"
else
  echo "== generate: $plans plans, $decisions decisions"
  cargo bench --quiet --bench generate_history -- \
    --plans "$plans" --decisions "$decisions" --out "$repo"
fi
git -C "$repo" gc -q

# Seconds a command takes (one run; these runs are long); its peak memory
# (GNU time's maximum resident set size, in MB) goes to the file $work/peak.
seconds() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    read -r s kb <"$work/time.txt"
    echo "$kb / 1024" | bc >"$work/peak"
    echo "$s"
    return
  fi
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "?" >"$work/peak"
  echo "$end - $start" | bc
}
ratio() { echo "scale=2; $1 / $2" | bc; }

fsck=$(seconds git -C "$repo" fsck --full)
printf 'git fsck --full                      %8.2f s, %s MB\n' "$fsck" "$(cat "$work/peak")"
full=$(seconds "$BIN" -C "$repo" verify --full)
printf 'verify --full                        %8.2f s, %s MB  (%s x git fsck; target <= 1.5)\n' "$full" "$(cat "$work/peak")" "$(ratio "$full" "$fsck")"

"$BIN" -C "$repo" verify --record --full >/dev/null
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.dk
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.dk
# The first plan, from a glob: `ls | head -n 1` ends ls with SIGPIPE once
# the names fill the pipe, and pipefail would stop the script there.
plan_files=("$repo"/plans/*.json)
plan="$(basename "${plan_files[0]}" .json)"
for i in $(seq 1 "$since"); do
  "$BIN" -C "$repo" decide "$plan" -m "Titel $i" --by Bench --set "title=Titel $i" >/dev/null
done
incremental=$(seconds "$BIN" -C "$repo" verify)
printf 'verify after --record, %5d new     %8.2f s, %s MB  (target < 1 s)\n' "$since" "$incremental" "$(cat "$work/peak")"

# The server: a bare copy with the hook's input for the last 10 decisions.
git clone -q --bare "$repo" "$work/server.git"
old=$(git -C "$work/server.git" rev-parse "main~10")
new=$(git -C "$work/server.git" rev-parse main)
git -C "$work/server.git" update-ref refs/heads/main "$old"
start=$(date +%s.%N)
(cd "$work/server.git" && echo "$old $new refs/heads/main" | GIT_DIR=. "$BIN" verify --pre-receive)
end=$(date +%s.%N)
printf 'verify --pre-receive, 10 decisions   %8.2f s\n' "$(echo "$end - $start" | bc)"
