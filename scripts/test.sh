#!/usr/bin/env bash
# Runs every CareHub test from a fresh clone: ./scripts/test.sh
#
# Installs what the tests need from Debian (Chromium), restores the local dotnet tools, builds the
# solution once in Release, runs every test project, and reads the .trx files they leave behind.
# The last line printed is always the tally: "N passed, N failed" (", N skipped" when some were).
# Exits non-zero when anything failed to install or build, a test failed, a test run was aborted
# (a crashed or hung test host), or no test ran at all.
#
# Settings (environment):
#   CAREHUB_TEST_HANG_TIMEOUT  how long one test may run before its test host is killed and the run
#                              counts as failed (default 10m), so a hang cannot eat the whole CI budget
#   CAREHUB_TEST_FILTER        passed to `dotnet test --filter` when set, e.g. "FullyQualifiedName~Referrals"
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root" || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
# No MSBuild nodes or build server outlive this script (CI waits on everything it started).
export MSBUILDDISABLENODEREUSE=1
export DOTNET_CLI_USE_MSBUILD_SERVER=0
# The browser tests drive Debian's Chromium; Playwright's own browser download cannot work here.
export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium

solution="CareHub.sln"
results_dir="$repo_root/artifacts/test-results"
log_dir="$repo_root/artifacts/logs"
hang_timeout="${CAREHUB_TEST_HANG_TIMEOUT:-10m}"

step() { printf '\n==> %s\n' "$*"; }

# Stops before any test ran: says why, then prints the (empty) tally so the last line keeps its shape.
fail_early() {
  printf 'test.sh: %s\n' "$*" >&2
  echo "0 passed, 0 failed"
  exit 1
}

# --- Debian packages -------------------------------------------------------------------------

apt_updated=false

# apt_install LOG_NAME PACKAGE... : installs quietly as root, logging to artifacts/logs/apt-LOG_NAME.log.
apt_install() {
  local log="$log_dir/apt-$1.log"
  shift
  if [[ "$(id -u)" -ne 0 ]]; then
    {
      echo "The tests need these Debian packages, which are not installed: $*"
      echo "Install them as root, then run ./scripts/test.sh again:"
      echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    } >&2
    fail_early "missing Debian packages: $*"
  fi
  mkdir -p "$log_dir"
  : >"$log"
  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-q -o Acquire::Retries=3 -o DPkg::Lock::Timeout=300)
  if [[ "$apt_updated" != true ]]; then
    if ! apt-get "${apt_opts[@]}" update >>"$log" 2>&1; then
      tail -n 25 "$log" >&2
      fail_early "apt-get update failed (full log: $log)"
    fi
    apt_updated=true
  fi
  if ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "$@" >>"$log" 2>&1; then
    tail -n 25 "$log" >&2
    fail_early "apt-get install $* failed (full log: $log)"
  fi
}

ensure_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  step "Installing Chromium for the browser tests (log: artifacts/logs/apt-chromium.log)"
  apt_install chromium chromium fonts-dejavu-core
  [[ -x /usr/bin/chromium ]] || fail_early "chromium was installed but /usr/bin/chromium is missing"
}

# For the scale-out tests (several app instances sharing Redis); call it below once a test needs it.
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  step "Installing Redis for the scale-out tests (log: artifacts/logs/apt-redis.log)"
  apt_install redis redis-server
  command -v redis-server >/dev/null 2>&1 || fail_early "redis-server was installed but is not on PATH"
}

# --- .trx summary ----------------------------------------------------------------------------

# Reads every .trx file given and prints one line per test assembly, then a final line
# "TOTAL passed failed skipped executed files". Counts come from each file's <Counters> element:
# failed = failed + error + timeout + aborted; skipped = total - executed (xunit's skips are
# "NotExecuted" results, which VSTest leaves out of "executed" but not out of "total").
# A run whose summary outcome is not a success although no test failed was aborted (the test host
# crashed or was killed as hung): it counts as one failed test, because the test that was running
# never reported.
summarise_trx() {
  awk '
    function attr(rec, name,    s) {
      if (!match(rec, "[ \t\r\n]" name "=\"[^\"]*\"")) return ""
      s = substr(rec, RSTART, RLENGTH)
      sub(/^[ \t\r\n][^=]*="/, "", s)
      sub(/"$/, "", s)
      return s
    }
    function num(rec, name) { return attr(rec, name) + 0 }
    function flush(    skipped, failed, note, aborted) {
      if (file == "") return
      skipped = f_total - f_executed
      if (f_not_executed > skipped) skipped = f_not_executed
      failed = f_failed
      note = ""
      aborted = (outcome != "" && outcome != "Completed" && outcome != "Passed" && outcome != "Warning")
      if (aborted && failed == 0) {
        failed = 1
        note = "  (run " outcome ": the test host crashed or hung, see the output above)"
      }
      if (assembly == "") assembly = file
      if (f_total == 0) note = note "  (no tests)"
      printf "  %-32s %d passed, %d failed, %d skipped%s\n", assembly, f_passed, failed, skipped, note
      t_passed += f_passed; t_failed += failed; t_skipped += skipped; t_executed += f_executed; files++
    }
    BEGIN { RS = "<" }
    FNR == 1 {
      flush()
      file = FILENAME; sub(/.*\//, "", file)
      assembly = ""; outcome = ""
      f_total = f_executed = f_passed = f_failed = f_not_executed = 0
    }
    /^TestMethod[ \t\r\n]/ && assembly == "" {
      assembly = attr($0, "codeBase"); sub(/.*[\/\\]/, "", assembly)
    }
    # A run without tests has no TestMethod; xunit names the assembly in its output instead.
    /^StdOut>/ && assembly == "" && match($0, /Discovering: [^ \t\r\n]+/) {
      assembly = substr($0, RSTART + 13, RLENGTH - 13) ".dll"
    }
    /^ResultSummary[ \t\r\n>]/ { outcome = attr($0, "outcome") }
    /^Counters[ \t\r\n]/ {
      f_total = num($0, "total"); f_executed = num($0, "executed"); f_passed = num($0, "passed")
      f_failed = num($0, "failed") + num($0, "error") + num($0, "timeout") + num($0, "aborted")
      f_not_executed = num($0, "notExecuted")
    }
    END {
      flush()
      printf "TOTAL %d %d %d %d %d\n", t_passed, t_failed, t_skipped, t_executed, files
    }
  ' "$@"
}

# --- the run ---------------------------------------------------------------------------------

# Stale .trx files from an earlier run would be counted again.
rm -rf "$results_dir" || fail_early "cannot clean $results_dir"
mkdir -p "$results_dir" "$log_dir" || fail_early "cannot create $results_dir"

ensure_chromium
ensure_redis

step "Restoring local dotnet tools"
dotnet tool restore || fail_early "dotnet tool restore failed"

step "Building $solution (Release)"
if ! dotnet build "$solution" -c Release -nologo; then
  fail_early "the build failed: the errors are listed above"
fi

step "Running the tests"
test_args=(test "$solution" -c Release --no-build
  --results-directory "$results_dir"
  --logger "trx;LogFilePrefix=carehub"
  --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none)
if [[ -n "${CAREHUB_TEST_FILTER:-}" ]]; then
  test_args+=(--filter "$CAREHUB_TEST_FILTER")
fi
dotnet "${test_args[@]}" </dev/null
test_exit=$?

shopt -s nullglob
trx_files=("$results_dir"/*.trx)
shopt -u nullglob

step "Results (from ${#trx_files[@]} .trx files in ${results_dir#"$repo_root"/})"
passed=0 failed=0 skipped=0 executed=0
if ((${#trx_files[@]} > 0)); then
  summary="$(summarise_trx "${trx_files[@]}")"
  grep -v '^TOTAL ' <<<"$summary"
  read -r _ passed failed skipped executed _ < <(grep '^TOTAL ' <<<"$summary")
fi

status=0
if ((failed > 0)); then
  status=1
elif ((test_exit != 0)); then
  echo "test.sh: dotnet test exited with code $test_exit although no failed test was recorded: see its output above" >&2
  status=1
fi
if ((executed == 0)); then
  echo "test.sh: no test ran" >&2
  status=1
fi

tally="$passed passed, $failed failed"
if ((skipped > 0)); then
  tally+=", $skipped skipped"
fi
echo "$tally"
exit "$status"
