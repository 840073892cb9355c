#!/usr/bin/env bash
# Same-machine A/B benchmark comparison (docs/architecture.md, Continuous integration): builds BASE_REF and NEW_REF (default HEAD) side by side in two
# git worktrees, runs the same suite on both INTERLEAVED (round I runs shard I/N of the matrix on both sides, the
# order alternating base-first / new-first, so machine drift and neighbours' load hit both sides alike; with
# --passes P the whole sequence runs P times with 1/P of the iterations each, and each side's rows are pooled),
# merges each side's rows, runs `lwkt-bench compare BASE NEW --fail-on-regression`, and leaves everything under an
# artifacts folder. Exit: 0 no regression; 1 a cell is Slower (or the change's run had failed cells); 2 bad input.
#
# Usage: ci/ab-compare.sh [options] BASE_REF [NEW_REF]
#   run options, passed to `lwkt-bench run` on both sides (env in brackets):
#     --suite S [AB_SUITE, default quick]   --workloads W [AB_WORKLOADS]   --runtimes R [AB_RUNTIMES]
#     --cores C [AB_CORES]   --threads T [AB_THREADS]   --duration D [AB_DURATION]   --warmup N [AB_WARMUP]
#     --iterations N [AB_ITERATIONS, default 5: compare needs ≥ 5 per side]   --param K=V (repeatable) [AB_PARAMS]
#   --rounds N [AB_ROUNDS, default 13]      interleaving rounds (shards); fewer when the matrix has fewer cells
#   --passes P [AB_PASSES, default 5]       repeat the rounds P times, ceil(iterations/P) iterations each, so a
#                                           cell's iterations alternate between the sides (a load burst cannot hit
#                                           all of one side's); each pass costs a child start and warm-up per cell:
#                                           --passes 1 is about 3x faster on the quick suite, and noisier
#   --artifacts DIR [AB_ARTIFACTS, default results/runs/ab-<time>]
#   --trace PROFILE [AB_TRACE, default full]   re-run each Slower cell on both sides traced (one warm-up, the measured
#                                           iteration traced: --trace-window last) and put `lwkt-bench trace diff`
#                                           in the job summary (cpu|full: the diff needs samples); off: no traces
#   --compare-args ARGS [AB_COMPARE_ARGS]   extra compare options, e.g. "--threshold 10%"
#   --keep [AB_KEEP=1]                      keep the worktrees and their builds (printed at the end)
#   --workdir DIR [AB_WORKDIR]              put the worktrees in DIR and keep them; a later run with the same DIR
#                                           reuses a worktree already at the wanted commit (incremental build)
#   AB_BASE_ENV / AB_NEW_ENV: "NAME=VALUE ..." set for that side's runs only, e.g. the test-only switch
#     AB_NEW_ENV="LWKT_TEST_SLOWDOWN=counter:1.3" (workloads/Lwkt.Workloads/TestSlowdown.cs).
# Writes the Markdown comparison to $GITHUB_STEP_SUMMARY when set. An all-zero BASE_REF (a push that created the
# branch) skips the comparison with exit 0.
set -euo pipefail

# The whole script is one compound command, read completely before it runs: checking out another branch (or editing
# this file) while a comparison runs cannot change the running script.
{

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die_usage() {
  echo "ab-compare: $1" >&2
  exit 2
}

suite="${AB_SUITE:-}"
workloads="${AB_WORKLOADS:-}"
runtimes="${AB_RUNTIMES:-}"
cores="${AB_CORES:-}"
threads="${AB_THREADS:-}"
duration="${AB_DURATION:-}"
warmup="${AB_WARMUP:-}"
iterations="${AB_ITERATIONS:-5}"
read -r -a params <<<"${AB_PARAMS:-}"
rounds="${AB_ROUNDS:-13}"
passes="${AB_PASSES:-5}"
artifacts="${AB_ARTIFACTS:-}"
trace="${AB_TRACE:-full}"
compare_args="${AB_COMPARE_ARGS:-}"
keep="${AB_KEEP:-0}"
workdir="${AB_WORKDIR:-}"
refs=()

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || die_usage "$1 needs a value"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --suite) need_value "$@"; suite="$2"; shift 2 ;;
    --workloads) need_value "$@"; workloads="$2"; shift 2 ;;
    --runtimes) need_value "$@"; runtimes="$2"; shift 2 ;;
    --cores) need_value "$@"; cores="$2"; shift 2 ;;
    --threads) need_value "$@"; threads="$2"; shift 2 ;;
    --duration) need_value "$@"; duration="$2"; shift 2 ;;
    --warmup) need_value "$@"; warmup="$2"; shift 2 ;;
    --iterations) need_value "$@"; iterations="$2"; shift 2 ;;
    --param) need_value "$@"; params+=("$2"); shift 2 ;;
    --rounds) need_value "$@"; rounds="$2"; shift 2 ;;
    --passes) need_value "$@"; passes="$2"; shift 2 ;;
    --artifacts) need_value "$@"; artifacts="$2"; shift 2 ;;
    --trace) need_value "$@"; trace="$2"; shift 2 ;;
    --compare-args) need_value "$@"; compare_args="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --workdir) need_value "$@"; workdir="$2"; shift 2 ;;
    -*) die_usage "unknown option '$1' (see --help)" ;;
    *) refs+=("$1"); shift ;;
  esac
done

[[ ${#refs[@]} -ge 1 && ${#refs[@]} -le 2 ]] || die_usage "usage: ci/ab-compare.sh [options] BASE_REF [NEW_REF] (see --help)"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die_usage "--rounds must be a positive integer, not '$rounds'"
[[ "$passes" =~ ^[1-9][0-9]*$ ]] || die_usage "--passes must be a positive integer, not '$passes'"
[[ "$iterations" =~ ^[1-9][0-9]*$ ]] || die_usage "--iterations must be a positive integer, not '$iterations'"
[[ "$trace" =~ ^(off|runtime|lwkt|cpu|full)$ ]] || die_usage "--trace must be off|runtime|lwkt|cpu|full, not '$trace'"
if [[ $iterations -lt 5 ]]; then
  echo "ab-compare: warning: $iterations iterations per side; compare gives 'insufficient data' below 5" >&2
fi

read -r -a base_env <<<"${AB_BASE_ENV:-}"
read -r -a new_env <<<"${AB_NEW_ENV:-}"
for assignment in ${base_env[@]+"${base_env[@]}"} ${new_env[@]+"${new_env[@]}"}; do
  [[ "$assignment" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die_usage "AB_BASE_ENV/AB_NEW_ENV: '$assignment' is not NAME=VALUE"
done

root="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel 2>/dev/null)" \
  || die_usage "$(dirname "${BASH_SOURCE[0]}") is not inside a git repository"

base_ref="${refs[0]}"
new_ref="${refs[1]:-HEAD}"
if [[ "$base_ref" =~ ^0+$ ]]; then
  message="ab-compare: no base commit ($base_ref: the push created the branch); nothing to compare against"
  echo "$message"
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    printf '## A/B benchmark comparison\n\n%s\n' "$message" >>"$GITHUB_STEP_SUMMARY"
  fi
  exit 0
fi
base_sha="$(git -C "$root" rev-parse --verify --quiet "$base_ref^{commit}")" || die_usage "BASE_REF '$base_ref' is not a commit in $root"
new_sha="$(git -C "$root" rev-parse --verify --quiet "$new_ref^{commit}")" || die_usage "NEW_REF '$new_ref' is not a commit in $root"

if [[ -z "$artifacts" ]]; then
  artifacts="$root/results/runs/ab-$(date -u +%Y%m%d-%H%M%S)"
fi
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"
[[ -z "$(ls -A "$artifacts")" ]] || die_usage "artifacts folder $artifacts is not empty"
logs="$artifacts/logs"
mkdir -p "$logs"

if [[ -n "$workdir" ]]; then
  mkdir -p "$workdir"
  work="$(cd "$workdir" && pwd)"
  keep=1
  rm -rf "$work/parts" "$work/merged"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/lwkt-ab.XXXXXX")"
fi
cleanup() {
  if [[ "$keep" == 1 ]]; then
    echo "ab-compare: kept the worktrees under $work (remove with: git worktree remove --force <dir>)"
    return
  fi
  for side in base new; do
    if [[ -e "$work/$side" ]]; then
      git -C "$root" worktree remove --force "$work/$side" >/dev/null 2>&1 || true
    fi
  done
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Variables that would make both sides share one host or one test switch; each side gets only its AB_*_ENV.
unset LWKT_HOST_DLL LWKT_TEST_SLOWDOWN LWKT_TEST_FAULT

elapsed() {
  local s=$(($(date +%s) - $1))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

echo "ab-compare: base ${base_sha:0:12} ($base_ref) vs new ${new_sha:0:12} ($new_ref); artifacts $artifacts"
for side in base new; do
  sha="$base_sha"
  [[ $side == new ]] && sha="$new_sha"
  started=$(date +%s)
  if [[ -e "$work/$side" && "$(git -C "$work/$side" rev-parse HEAD 2>/dev/null || true)" == "$sha" ]]; then
    echo "ab-compare: reusing the $side worktree $work/$side"
  else
    if [[ -e "$work/$side" ]]; then
      git -C "$root" worktree remove --force "$work/$side" >/dev/null 2>&1 || rm -rf "$work/$side"
      git -C "$root" worktree prune
    fi
    git -C "$root" worktree add --detach --force "$work/$side" "$sha" >"$logs/worktree-$side.log" 2>&1 \
      || { cat "$logs/worktree-$side.log" >&2; exit 1; }
  fi
  if ! (cd "$work/$side" && dotnet build harness/Lwkt.Harness/Lwkt.Harness.csproj -c Release --nologo -warnaserror) \
    >"$logs/build-$side.log" 2>&1; then
    tail -n 40 "$logs/build-$side.log" >&2
    echo "ab-compare: the $side build (${sha:0:12}) failed; log: $logs/build-$side.log" >&2
    exit 1
  fi
  echo "ab-compare: built $side ${sha:0:12} in $(elapsed "$started")"
done

dll() { echo "$work/$1/harness/Lwkt.Harness/bin/Release/net10.0/lwkt-bench.dll"; }
tool="$(dll new)"

run_options=()
[[ -n "$suite" ]] && run_options+=(--suite "$suite")
[[ -n "$workloads" ]] && run_options+=(--workloads "$workloads")
[[ -n "$runtimes" ]] && run_options+=(--runtimes "$runtimes")
[[ -n "$cores" ]] && run_options+=(--cores "$cores")
[[ -n "$threads" ]] && run_options+=(--threads "$threads")
[[ -n "$duration" ]] && run_options+=(--duration "$duration")
[[ -n "$warmup" ]] && run_options+=(--warmup "$warmup")
run_options+=(--iterations $(((iterations + passes - 1) / passes)))
for p in ${params[@]+"${params[@]}"}; do
  run_options+=(--param "$p")
done

failed_new=0
failed_base=0

# run_side SIDE LOG ARGS...: one `lwkt-bench run` of SIDE (in its worktree, with its AB_*_ENV), cell lines echoed.
# Returns the run's exit code; 0 and 1 (a cell failed, its rows kept) go on, anything else stops the script.
run_side() {
  local side="$1" log="$2" rc=0
  shift 2
  local -a side_env=()
  if [[ $side == base ]]; then
    side_env=(${base_env[@]+"${base_env[@]}"})
  else
    side_env=(${new_env[@]+"${new_env[@]}"})
  fi
  (cd "$work/$side" && env ${side_env[@]+"${side_env[@]}"} dotnet "$(dll "$side")" run "$@") 2>&1 \
    | tee -a "$log" | awk -v side="$side" '/^\[ *[0-9]+\/[0-9]+\]/ { printf "  %-4s %s\n", side, $0; fflush() }' \
    || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    tail -n 20 "$log" >&2
    echo "ab-compare: lwkt-bench run on $side exited $rc; log: $log" >&2
    exit "$rc"
  fi
  return "$rc"
}

# Interleaved rounds: shard I/N on both sides back to back, alternating which side goes first. Shards are round
# robin over the matrix, so shard I is empty exactly when the matrix has fewer than I cells: stop there.
started=$(date +%s)
turn=0
for ((pass = 1; pass <= passes; pass++)); do
  for ((i = 1; i <= rounds; i++)); do
    order=(base new)
    ((turn++ % 2 == 1)) && order=(new base)
    echo "ab-compare: pass $pass/$passes, round $i/$rounds (${order[0]} first)"
    empty=0
    for side in "${order[@]}"; do
      rc=0
      out="$work/parts/$side/pass-$pass/shard-$i"
      run_side "$side" "$logs/run-$side.log" "${run_options[@]}" --shard "$i/$rounds" --out "$out" || rc=$?
      if [[ $rc -eq 1 ]]; then
        [[ $side == new ]] && failed_new=1 || failed_base=1
      fi
      [[ -f "$out/results.csv" ]] || empty=$((empty + 1))
    done
    if [[ $empty -eq 2 ]]; then
      echo "ab-compare: shard $i is empty on both sides: the matrix has fewer than $i cells"
      rounds=$((i - 1))
      break
    fi
  done
done
echo "ab-compare: ran both sides in $(elapsed "$started")"

# One result set per side: the shards of a pass merged (env.json keeps each shard's machine and options); several
# passes pooled into one results.csv (compare pools a cell's rows), merged again for its summary.
for side in base new; do
  for ((pass = 1; pass <= passes; pass++)); do
    shopt -s nullglob
    shards=("$work/parts/$side/pass-$pass"/shard-*)
    shopt -u nullglob
    [[ ${#shards[@]} -gt 0 ]] || { echo "ab-compare: the $side side produced no results (see $logs/run-$side.log)" >&2; exit 1; }
    dotnet "$tool" merge "${shards[@]}" --out "$work/merged/$side/pass-$pass" >>"$logs/merge.log" 2>&1 \
      || { cat "$logs/merge.log" >&2; exit 1; }
  done
  if [[ $passes -eq 1 ]]; then
    cp -r "$work/merged/$side/pass-1" "$artifacts/$side"
  else
    pooled="$work/merged/$side/pooled.csv"
    head -n 1 "$work/merged/$side/pass-1/results.csv" >"$pooled"
    for ((pass = 1; pass <= passes; pass++)); do
      tail -n +2 "$work/merged/$side/pass-$pass/results.csv" >>"$pooled"
    done
    dotnet "$tool" merge "$pooled" --out "$artifacts/$side" >>"$logs/merge.log" 2>&1 || { cat "$logs/merge.log" >&2; exit 1; }
    mkdir -p "$artifacts/$side/passes"
    for ((pass = 1; pass <= passes; pass++)); do
      cp "$work/merged/$side/pass-$pass/env.json" "$artifacts/$side/passes/env-$pass.json"
    done
  fi
done

read -r -a extra_compare <<<"$compare_args"
compare() {
  dotnet "$tool" compare "$artifacts/base" "$artifacts/new" ${extra_compare[@]+"${extra_compare[@]}"} "$@"
}
compare_rc=0
compare --format markdown >"$artifacts/compare.md" 2>"$logs/compare.log" || true
compare --format csv >"$artifacts/compare.csv" 2>>"$logs/compare.log" || true
compare --format table --fail-on-regression 2>>"$logs/compare.log" | tee "$artifacts/compare.txt" || compare_rc=$?
if [[ $compare_rc -ne 0 && $compare_rc -ne 1 ]]; then
  cat "$logs/compare.log" >&2
  echo "ab-compare: compare exited $compare_rc" >&2
  exit "$compare_rc"
fi

dotnet "$tool" report "$artifacts/new" --out "$artifacts/report" >"$logs/report.log" 2>&1 \
  || echo "ab-compare: warning: report failed (see $logs/report.log)" >&2

# Slower cells (compare.csv: workload,runtime,cores,threads,params,metric,outcome,verdict,...; keys hold no comma).
mapfile -t slower < <(awk -F, 'NR > 1 && $8 == "slower" { print $1 "," $2 "," $3 "," $4 "," $5 }' "$artifacts/compare.csv")
if [[ ${#slower[@]} -gt 0 && $trace != off ]]; then
  echo "ab-compare: re-running ${#slower[@]} Slower cell(s) on both sides with --trace $trace"
  for cell in "${slower[@]}"; do
    IFS=, read -r w r c t p <<<"$cell"
    cell_options=(--workloads "$w" --runtimes "$r" --cores "$c" --threads "$t" --warmup 1 --iterations 1 --trace "$trace" --trace-window last)
    [[ -n "$duration" ]] && cell_options+=(--duration "$duration")
    if [[ -n "$p" ]]; then
      IFS=';' read -r -a cell_params <<<"$p"
      for kv in "${cell_params[@]}"; do
        cell_options+=(--param "$kv")
      done
    fi
    slug="$(printf '%s-%s-c%s-t%s-%s' "$w" "$r" "$c" "$t" "$p" | tr -c 'A-Za-z0-9_.-' '_' | sed 's/_*$//')"
    for side in base new; do
      out="$artifacts/traces/$side/$slug"
      run_side "$side" "$logs/trace-$side.log" "${cell_options[@]}" --out "$out" || true
      for nettrace in "$out"/traces/*.nettrace; do
        [[ -f "$nettrace" ]] || continue
        dotnet "$tool" trace summary "$nettrace" >"${nettrace%.nettrace}.summary.txt" 2>&1 || true
      done
    done
    # The two traces side by side, for the job summary: counts per op and the frames that moved.
    shopt -s nullglob
    base_trace=("$artifacts/traces/base/$slug"/traces/*.nettrace)
    new_trace=("$artifacts/traces/new/$slug"/traces/*.nettrace)
    shopt -u nullglob
    diff_md="$artifacts/traces/$slug.diff.md"
    if [[ ${#base_trace[@]} -eq 1 && ${#new_trace[@]} -eq 1 ]]; then
      dotnet "$tool" trace diff "${base_trace[0]}" "${new_trace[0]}" --format markdown >"$diff_md" 2>"$logs/trace-diff.log" \
        || printf '### trace diff: %s\n\n_not available: %s_\n' "$cell" "$(tail -n 1 "$logs/trace-diff.log")" >"$diff_md"
      dotnet "$tool" trace diff "${base_trace[0]}" "${new_trace[0]}" --format table >"$artifacts/traces/$slug.diff.txt" 2>&1 || true
    else
      printf '### trace diff: %s\n\n_not available: the traced re-run left no trace on one side (see logs/trace-*.log)_\n' "$cell" >"$diff_md"
    fi
  done
fi

status=0
verdict="no regression"
if [[ $compare_rc -eq 1 ]]; then
  status=1
  verdict="REGRESSION: ${#slower[@]} cell(s) Slower"
fi
if [[ $failed_new -eq 1 ]]; then
  status=1
  verdict="$verdict; cells FAILED on the new side (crashed, timeout or invalid: see $logs/run-new.log)"
fi
if [[ $failed_base -eq 1 ]]; then
  verdict="$verdict; cells failed on the base side (not compared)"
fi

{
  echo "## A/B benchmark comparison: $verdict"
  echo
  echo "Base \`${base_sha:0:12}\` ($base_ref) vs new \`${new_sha:0:12}\` ($new_ref), measured in this job on this machine,"
  echo "interleaved in $rounds shard(s) × $passes pass(es); run options: \`${run_options[*]}\`${AB_NEW_ENV:+; new side env: \`$AB_NEW_ENV\`}${AB_BASE_ENV:+; base side env: \`$AB_BASE_ENV\`}."
  echo
  cat "$artifacts/compare.md"
  shopt -s nullglob
  for diff_md in "$artifacts"/traces/*.diff.md; do
    echo
    cat "$diff_md"
  done
  shopt -u nullglob
} >"$artifacts/summary.md"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  cat "$artifacts/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi

echo "ab-compare: $verdict; artifacts: $artifacts (base/, new/, compare.{txt,md,csv}, report/, traces/ with each Slower cell's two traces and their diff, logs/)"
exit "$status"
}
