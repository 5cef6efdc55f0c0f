#!/usr/bin/env bash
# Times `backbrief validate` and `backbrief status` on 1,000 and 10,000
# generated plans, against a baseline that only reads the files.
#
#   benches/measure.sh [--seed N] [--runs N] [--sizes 1000,10000] [--keep]
#   NO_HYPERFINE=1 benches/measure.sh    # force the fallback timing loop
#
# Builds `cargo build --release`, generates the plan sets with
# `cargo bench --bench generate_plans` into a temporary folder, times each
# command with hyperfine (without it: a loop timed with bash's clock), measures
# peak memory with `/usr/bin/time -v`, and prints a table.
# Needs: cargo; hyperfine (Debian: apt-get install hyperfine) and GNU time
# (Debian: apt-get install time) are used when present.
set -euo pipefail

seed=1
runs=10
keep=0
sizes=(1000 10000)
while (($# > 0)); do
  case "$1" in
    --seed | --runs | --sizes)
      if (($# < 2)); then echo "measure.sh: $1 needs a value" >&2; exit 2; fi ;;&
    --seed) seed="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --sizes) IFS=, read -r -a sizes <<<"$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "measure.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

work="$(mktemp -d "${TMPDIR:-/tmp}/backbrief-bench.XXXXXX")"
cleanup() {
  if ((keep)); then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "== build"
cargo build --release --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="${target_dir:-$root/target}/release/backbrief"
[[ -x "$bin" ]] || { echo "measure.sh: no binary at $bin" >&2; exit 3; }

echo "== generate (seed $seed)"
for n in "${sizes[@]}"; do
  cargo bench --quiet --bench generate_plans -- --plans "$n" --out "$work/p$n" --seed "$seed"
done

echo "== check: every generated plan is valid"
for n in "${sizes[@]}"; do
  status=0
  "$bin" -C "$work/p$n" validate >"$work/validate-$n.out" 2>&1 || status=$?
  if ((status != 0)); then
    echo "measure.sh: validate exited $status on $n plans:" >&2
    tail -n 20 "$work/validate-$n.out" >&2
    exit 1
  fi
  tail -n 1 "$work/validate-$n.out"
  # Run status once to be sure it works (its exit code is 1 if a plan is invalid).
  "$bin" -C "$work/p$n" status >/dev/null
done

# The commands, by label; "%d" stands for the plan set's folder.
labels=(baseline validate status)
command_for() { # label dir
  case "$1" in
    baseline) printf "find %q/plans -name '*.json' | xargs cat > /dev/null" "$2" ;;
    validate) printf '%q -C %q validate' "$bin" "$2" ;;
    status) printf '%q -C %q status' "$bin" "$2" ;;
  esac
}

declare -A mean user sys peak
have_gnu_time=0
if /usr/bin/time -v true >/dev/null 2>&1; then
  have_gnu_time=1
else
  echo "(GNU time missing, so no peak memory: apt-get install time)"
fi
use_hyperfine=0
if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
  use_hyperfine=1
else
  echo "(hyperfine missing: apt-get install hyperfine; timing loops of $runs runs instead)"
fi

# The first number after "NAME": in a hyperfine JSON export.
json_number() { # name file
  sed -n "s/^ *\"$1\": *\([0-9.e+-]*\),*\$/\1/p" "$2" | head -n 1
}

# A field of a `/usr/bin/time -v` report.
time_field() { # label file
  awk -v label="$1" -F': ' 'index($0, label) { print $2; exit }' "$2"
}

# Seconds, as a float, to run "$1" through bash $runs times, divided by $runs.
loop_mean() {
  local start end i
  start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do bash -c "$1" >/dev/null 2>&1; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v r="$runs" 'BEGIN { printf "%.4f", ns / r / 1e9 }'
}

echo "== time ($runs runs each)"
for n in "${sizes[@]}"; do
  dir="$work/p$n"
  for label in "${labels[@]}"; do
    cmd="$(command_for "$label" "$dir")"
    if ((use_hyperfine)); then
      hyperfine --warmup 2 --runs "$runs" --style basic \
        --export-json "$work/$label-$n.json" --command-name "$label $n" "$cmd"
      mean[$label-$n]=$(json_number mean "$work/$label-$n.json")
      user[$label-$n]=$(json_number user "$work/$label-$n.json")
      sys[$label-$n]=$(json_number system "$work/$label-$n.json")
    else
      bash -c "$cmd" >/dev/null 2>&1 # warm up the page cache
      mean[$label-$n]=$(loop_mean "$cmd")
      echo "$label $n: ${mean[$label-$n]} s"
    fi
    if ((have_gnu_time)); then
      /usr/bin/time -v -o "$work/time-$label-$n.txt" bash -c "$cmd" >/dev/null 2>&1
      report="$work/time-$label-$n.txt"
      peak[$label-$n]=$(time_field 'Maximum resident set size (kbytes)' "$report")
      if ((!use_hyperfine)); then
        user[$label-$n]=$(time_field 'User time (seconds)' "$report")
        sys[$label-$n]=$(time_field 'System time (seconds)' "$report")
      fi
    else
      peak[$label-$n]="?"
    fi
  done
done

echo
echo "== results ($(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg), seed $seed, $runs runs)"
bytes() { du -sb "$1/plans" | cut -f1; }
ms() { awk -v s="${1:-}" 'BEGIN { if (s == "") print "?"; else printf "%.1f", s * 1000 }'; }
printf '%-9s %6s %6s %10s %10s %10s %9s\n' \
  command plans MB "wall ms" "user ms" "sys ms" "RSS MB"
for n in "${sizes[@]}"; do
  mb=$(awk -v b="$(bytes "$work/p$n")" 'BEGIN { printf "%.1f", b / 1e6 }')
  for label in "${labels[@]}"; do
    key="$label-$n"
    rss="${peak[$key]}"
    if [[ "$rss" != "?" ]]; then
      rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
    fi
    printf '%-9s %6s %6s %10s %10s %10s %9s\n' "$label" "$n" "$mb" \
      "$(ms "${mean[$key]}")" "$(ms "${user[$key]:-}")" "$(ms "${sys[$key]:-}")" "$rss"
  done
done
echo "wall: mean elapsed; user/sys: mean CPU time of the process and its children"
echo "(without hyperfine: wall includes starting bash; user/sys are from the one /usr/bin/time run);"
echo "RSS: peak resident set size of one run (/usr/bin/time -v), for the baseline that of its largest process."
echo "baseline: find DIR/plans -name '*.json' | xargs cat > /dev/null"
echo "When wall is well above (user + sys) / cores, the machine was busy with other work."
