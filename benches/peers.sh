#!/usr/bin/env bash
# backbrief next to its peers, side by side in one run, on generated repositories.
#
#   benches/peers.sh [--runs N] [--slow-runs N] [--quick] [--keep] [--reuse] [--work DIR] [--peers DIR]
#
#   --runs N       hyperfine runs of each quick command (default 5)
#   --slow-runs N  runs of the slow ones: check-jsonschema, and full `log` (default 2)
#   --quick        small instance (2,000 plans, 1,000 plans with 10,000 decisions)
#   --keep         keep the working folder (generated repositories, JSON exports)
#   --reuse        reuse the repositories a kept working folder (--work) holds
#   --work DIR     working folder (default: a new one under $TMPDIR)
#   --peers DIR    where the peers are (or get) installed; reused when present
#
# From a fresh clone it installs what it lacks: hyperfine, GNU time, npm and
# python3-venv from Debian (apt-get); ajv-cli with ajv-formats (npm, into the
# peers folder) and check-jsonschema (pip, into a venv in the peers folder).
# Then it builds backbrief and the generators (benches/generate_plans.rs,
# benches/generate_history.rs, benches/parse_only.rs), makes
#   p10k  10,000 plans (generate_plans)
#   h100k 1,000 plans with 100,000 decisions (generate_history, git fast-import)
#   h1k   the same 1,000 plans with 1,000 decisions (their creation)
#   h200  50 plans with 200 decisions, which `backbrief verify` must accept
# (h100k and h1k then repacked as git gc packs a repository: see below)
# and times, with hyperfine, each comparison of issue 6 ("Performance"):
#   validate of 10,000 plans vs ajv-cli, check-jsonschema and parse-only;
#   status of 10,000 plans vs validate; status PLAN vs git status;
#   log over 100,000 decisions vs git log --format='%H %an %ad %s' -- plans/;
#   log PLAN, log --item ID, blame PLAN vs git log -- plans/<id>.json,
#     each without and with a commit-graph (--reachable --changed-paths);
#   decide at 1,000 and at 100,000 decisions vs git commit of the same change;
# plus the peak memory of each command (/usr/bin/time -v), and prints every
# ratio with its target and the machine's core count.
set -euo pipefail

runs=5
slow_runs=2
quick=0
keep=0
reuse=0
work=""
peers=""
while (($# > 0)); do
  case "$1" in
    --runs | --slow-runs | --work | --peers)
      if (($# < 2)); then echo "peers.sh: $1 needs a value" >&2; exit 2; fi ;;&
    --runs) runs="$2"; shift 2 ;;
    --slow-runs) slow_runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --keep) keep=1; shift ;;
    --reuse) reuse=1; shift ;;
    -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "peers.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

if ((quick)); then
  many_plans=2000 history_plans=1000 decisions=10000
else
  many_plans=10000 history_plans=1000 decisions=100000
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -z "$work" ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/backbrief-peers.XXXXXX")"
else
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
fi
cleanup() {
  if ((keep)); then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
peers="${peers:-$work/peers}"
mkdir -p "$peers" "$work/json" "$work/time"
peers="$(cd "$peers" && pwd)"

say() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------------------
say "tools"
missing=()
command -v git >/dev/null || missing+=(git)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]} > 0)); then
  echo "installing from Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

ajv="$peers/npm/node_modules/.bin/ajv"
cjs="$peers/venv/bin/check-jsonschema"
if [[ ! -x "$ajv" || ! -d "$peers/npm/node_modules/ajv-formats" ]]; then
  echo "installing ajv-cli and ajv-formats (npm) into $peers/npm"
  npm install --prefix "$peers/npm" --no-audit --no-fund --loglevel=error ajv-cli ajv-formats >/dev/null
fi
if [[ ! -x "$cjs" ]]; then
  echo "installing check-jsonschema (pip) into $peers/venv"
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install -q --disable-pip-version-check check-jsonschema
fi
npm_version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$peers/npm/node_modules/$1/package.json" | head -n 1; }
echo "hyperfine $(hyperfine --version | cut -d' ' -f2), git $(git --version | cut -d' ' -f3)," \
  "ajv-cli $(npm_version ajv-cli) (ajv $(npm_version ajv), ajv-formats $(npm_version ajv-formats))," \
  "node $(node --version), check-jsonschema $("$cjs" --version | awk '{print $NF}')"

# ---------------------------------------------------------------------------
say "build (release)"
cargo build --release --quiet
# The executable of a bench target, built with the release profile.
bench_exe() {
  cargo bench --no-run --quiet --message-format=json --bench "$1" 2>/dev/null |
    grep "\"name\":\"$1\"" | grep -o '"executable":"[^"]*"' | tail -n 1 |
    sed 's/"executable":"\(.*\)"/\1/'
}
target_dir="$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bb="${target_dir:-$root/target}/release/backbrief"
gen_plans="$(bench_exe generate_plans)"
gen_history="$(bench_exe generate_history)"
parse_only="$(bench_exe parse_only)"
for exe in "$bb" "$gen_plans" "$gen_history" "$parse_only"; do
  [[ -x "$exe" ]] || { echo "peers.sh: not built: ${exe:-a bench target}" >&2; exit 3; }
done

# ---------------------------------------------------------------------------
p10k="$work/p10k" h100k="$work/h100k" h1k="$work/h1k" h200="$work/h200"
if ((reuse)) && [[ -d "$p10k/plans" && -d "$h100k/.git" && -d "$h1k/.git" && -d "$h200/.git" ]]; then
  say "reuse the repositories in $work"
else
  say "generate"
  "$gen_plans" --plans "$many_plans" --out "$p10k" --force
  "$gen_history" --plans "$history_plans" --decisions "$decisions" --plans-from "$p10k" --out "$h100k" --force
  "$gen_history" --plans "$history_plans" --decisions "$history_plans" --plans-from "$p10k" --out "$h1k" --force
  "$gen_history" --plans 50 --decisions 200 --plans-from "$p10k" --out "$h200" --force

  # git fast-import stores each plan version as a delta on the one before, so
  # reading the newest first unpacks long delta chains. A repository written by
  # backbrief holds loose objects until git's automatic gc packs them, with the
  # newest version whole and older ones as deltas on it; pack the generated
  # histories the same way (without -f the old deltas would be kept).
  say "pack the histories as git gc does"
  for repo in "$h100k" "$h1k"; do
    start=$(date +%s)
    git -C "$repo" repack -adfq --depth=50 --window=10
    echo "$(basename "$repo"): $(du -sh "$repo/.git/objects/pack" | cut -f1) packed in $(($(date +%s) - start)) s"
  done
fi

say "check the inputs"
"$bb" -C "$h200" verify >"$work/verify.out" 2>&1 || {
  echo "peers.sh: backbrief verify rejects the generated history:" >&2
  tail -n 20 "$work/verify.out" >&2
  exit 1
}
echo "verify on 200 generated decisions: $(tail -n 1 "$work/verify.out")"
"$bb" -C "$p10k" validate | tail -n 1
# ajv's strict mode refuses the schema: schemars writes the formats "uint64"
# and "uint8", which no JSON Schema draft defines; --strict=false ignores
# them, as check-jsonschema and backbrief's own validator do.
ajv_cmd=("$ajv" validate --spec=draft2020 --strict=false -c ajv-formats -s schemas/plan.schema.json)
"${ajv_cmd[@]}" -d "$p10k/plans/*.json" >"$work/ajv.out" 2>&1 || {
  echo "peers.sh: ajv-cli does not accept the generated plans:" >&2
  grep -v ' valid$' "$work/ajv.out" | head -n 20 >&2
  exit 1
}
echo "ajv-cli: $(grep -c ' valid$' "$work/ajv.out") files valid"
"$parse_only" "$p10k"

# (sed -n 1p rather than head: head would close the pipe early, and under
# pipefail the SIGPIPE of ls ends the script.)
plan="$(cd "$h100k/plans" && ls ./*.json | sed -n '1{s|^\./||; s|\.json$||; p}')"
# The first subtask of that plan: the third "id" in the file.
item="$(grep -o '"id": "[^"]*"' "$h100k/plans/$plan.json" | sed -n 3p | cut -d'"' -f4)"
echo "plan $plan, item $item: $(git -C "$h100k" log --oneline -- "plans/$plan.json" | wc -l) decisions" \
  "of $(git -C "$h100k" rev-list --count HEAD) commits"

# ---------------------------------------------------------------------------
declare -A mean sd rss
prepare="" # a command to run before each timed run (hyperfine --prepare)
# bench GROUP RUNS WARMUP NAME CMD [NAME CMD]...: hyperfine, then peak memory.
bench() {
  local group="$1" count="$2" warmup="$3"
  shift 3
  local args=() names=() cmds=() name cmd
  while (($# > 0)); do
    names+=("$1") cmds+=("$2")
    shift 2
  done
  # Without a shell (hyperfine -N) unless a command holds a glob or needs preparing.
  local shell=(-N)
  for cmd in "${cmds[@]}"; do [[ "$cmd" == *"*"* ]] && shell=(--shell=bash); done
  [[ -n "$prepare" ]] && shell=(--shell=bash --prepare "$prepare")
  for i in "${!names[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
  hyperfine "${shell[@]}" --style basic --runs "$count" --warmup "$warmup" \
    --export-json "$work/json/$group.json" "${args[@]}"
  local i=0
  while read -r m s; do
    mean[${names[$i]}]="$m" sd[${names[$i]}]="$s"
    i=$((i + 1))
  done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["mean"], r["stddev"] or 0)' "$work/json/$group.json")
  for i in "${!names[@]}"; do
    if [[ -n "$prepare" ]]; then bash -c "$prepare"; fi
    local report="$work/time/${names[$i]// /_}.txt"
    /usr/bin/time -v -o "$report" bash -c "${cmds[$i]}" >/dev/null 2>&1 || true
    rss[${names[$i]}]="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$report")"
  done
}

say "validate and status of $many_plans plans ($runs runs)"
bench validate "$runs" 1 \
  "parse-only" "$parse_only $p10k" \
  "validate" "$bb -C $p10k validate" \
  "status" "$bb -C $p10k status" \
  "ajv-cli" "${ajv_cmd[*]} -d '$p10k/plans/*.json'"
say "check-jsonschema on the same files ($slow_runs runs)"
bench check-jsonschema "$slow_runs" 0 \
  "check-jsonschema" "$cjs --schemafile schemas/plan.schema.json $p10k/plans/*.json"

no_graph() { rm -rf "$1/.git/objects/info/commit-graph" "$1/.git/objects/info/commit-graphs"; }
git_log_all="git -C $h100k log --format='%H %an %ad %s' -- plans/"
for graph in without with; do
  if [[ $graph == without ]]; then
    no_graph "$h100k"
  else
    git -C "$h100k" commit-graph write --reachable --changed-paths
  fi
  say "log over $decisions decisions, $graph a commit-graph ($slow_runs runs)"
  bench "log-$graph" "$slow_runs" 0 \
    "log ($graph graph)" "$bb -C $h100k log" \
    "log --json ($graph graph)" "$bb -C $h100k log --json" \
    "git log ($graph graph)" "$git_log_all"
  say "one plan's history, $graph a commit-graph ($runs runs)"
  bench "plan-$graph" "$runs" 1 \
    "log PLAN ($graph graph)" "$bb -C $h100k log $plan" \
    "log --item ($graph graph)" "$bb -C $h100k log --item $item" \
    "blame PLAN ($graph graph)" "$bb -C $h100k blame $plan" \
    "git log PLAN ($graph graph)" "git -C $h100k log -- plans/$plan.json"
done
no_graph "$h100k"

say "log's memory as the history grows"
/usr/bin/time -v -o "$work/time/log-h1k.txt" "$bb" -C "$h1k" log >/dev/null 2>&1
rss["log (1,000 decisions)"]="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time/log-h1k.txt")"

say "decide at $history_plans and at $decisions decisions, and git commit ($runs runs)"
decide_args=(decide "$plan" -m "Ny ansvarlig for $item" --by Lokal-MED --on 2024-12-20
  --set "$item.owner=Teamleder Bent Mark")
for repo in "$h1k" "$h100k"; do
  head="$(git -C "$repo" rev-parse HEAD)"
  "$bb" -C "$repo" "${decide_args[@]}" >/dev/null
  cp "$repo/plans/$plan.json" "$work/changed-$(basename "$repo").json"
  git -C "$repo" log -1 --format=%B >"$work/message-$(basename "$repo").txt"
  git -C "$repo" reset -q --hard "$head"
done
decide_cmd() { printf '%q ' "$bb" -C "$1" "${decide_args[@]}"; }
prepare="git -C $h1k reset -q --hard $(git -C "$h1k" rev-parse HEAD)"
bench decide-1k "$runs" 1 "decide (1,000 decisions)" "$(decide_cmd "$h1k")"
head100k="$(git -C "$h100k" rev-parse HEAD)"
prepare="git -C $h100k reset -q --hard $head100k"
bench decide-100k "$runs" 1 "decide ($decisions decisions)" "$(decide_cmd "$h100k")"
prepare="git -C $h100k reset -q --hard $head100k && cp $work/changed-h100k.json $h100k/plans/$plan.json"
bench git-commit "$runs" 1 \
  "git commit" "git -C $h100k commit -q -F $work/message-h100k.txt -- plans/$plan.json"
prepare=""
git -C "$h100k" reset -q --hard "$head100k"

say "status of one plan vs git status ($runs runs)"
bench status-one "$runs" 3 \
  "status PLAN" "$bb -C $h100k status $plan" \
  "git status" "git -C $h100k status"

# ---------------------------------------------------------------------------
say "results: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-32s %12s %10s\n' command "mean (s)" "peak MB"
for name in "parse-only" validate status ajv-cli check-jsonschema \
  "log (without graph)" "log --json (without graph)" "git log (without graph)" \
  "log (with graph)" "log --json (with graph)" "git log (with graph)" \
  "log PLAN (without graph)" "log --item (without graph)" "blame PLAN (without graph)" \
  "git log PLAN (without graph)" "log PLAN (with graph)" "log --item (with graph)" \
  "blame PLAN (with graph)" "git log PLAN (with graph)" \
  "decide (1,000 decisions)" "decide ($decisions decisions)" "git commit" \
  "status PLAN" "git status" "log (1,000 decisions)"; do
  printf '%-32s %12s %10s\n' "$name" \
    "$(awk -v m="${mean[$name]:-}" -v s="${sd[$name]:-}" 'BEGIN { if (m == "") print "-"; else printf "%.4f±%.4f", m, s }')" \
    "$(awk -v k="${rss[$name]:-}" 'BEGIN { if (k == "") print "-"; else printf "%.1f", k / 1024 }')"
done

echo
echo "ratios ($(nproc) cores; a ratio is the first time divided by the second):"
misses=0
# ratio LABEL A B OP TARGET: prints A/B and whether it meets "A/B OP TARGET".
ratio() {
  local label="$1" a="${mean[$2]:-}" b="${mean[$3]:-}" op="$4" target="$5"
  if [[ -z "$a" || -z "$b" ]]; then
    printf '  %-52s %8s   (target %s %s) -\n' "$label" "?" "$op" "$target"
    return
  fi
  local verdict
  verdict="$(awk -v a="$a" -v b="$b" -v op="$op" -v t="$target" 'BEGIN {
    r = a / b
    ok = (op == "<=") ? (r <= t) : (op == ">=") ? (r >= t) : (r < t)
    printf "%8.2f   (target %s %s) %s", r, op, t, ok ? "met" : "MISSED" }')"
  [[ "$verdict" == *MISSED ]] && misses=$((misses + 1))
  printf '  %-52s %s\n' "$label" "$verdict"
}
ratio "ajv-cli / validate" ajv-cli validate ">=" 5
ratio "check-jsonschema / validate" check-jsonschema validate ">=" 100
ratio "validate / parse-only" validate parse-only "<=" 3
ratio "status / validate" status validate "<" 1
for graph in without with; do
  ratio "log / git log ($graph graph)" "log ($graph graph)" "git log ($graph graph)" "<=" 1.5
  ratio "log --json / git log ($graph graph)" "log --json ($graph graph)" "git log ($graph graph)" "<=" 1.5
  ratio "log PLAN / git log PLAN ($graph graph)" "log PLAN ($graph graph)" "git log PLAN ($graph graph)" "<=" 2
  ratio "log --item / git log PLAN ($graph graph)" "log --item ($graph graph)" "git log PLAN ($graph graph)" "<=" 2
  ratio "blame PLAN / git log PLAN ($graph graph)" "blame PLAN ($graph graph)" "git log PLAN ($graph graph)" "<=" 2
done
ratio "decide at $decisions / at 1,000 decisions" "decide ($decisions decisions)" "decide (1,000 decisions)" "<=" 1.25
ratio "decide / git commit (same change)" "decide ($decisions decisions)" "git commit" "<=" 2
ratio "status PLAN / git status" "status PLAN" "git status" "<=" 2
rss_a="${rss["log (without graph)"]:-0}" rss_b="${rss["log (1,000 decisions)"]:-1}"
echo "  log's peak memory at $decisions / at 1,000 decisions:" \
  "$(awk -v a="$rss_a" -v b="$rss_b" 'BEGIN { printf "%.2f (%.1f MB / %.1f MB; flat is about 1)", a / b, a / 1024, b / 1024 }')"
echo
echo "$misses target(s) missed. Core count: $(nproc). Times are hyperfine means; peak memory is the"
echo "maximum resident set size of one run (/usr/bin/time -v). When the load average above is well"
echo "over the core count, other work shared the machine and the absolute times are inflated."
