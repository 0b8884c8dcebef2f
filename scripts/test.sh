#!/usr/bin/env bash
# The test command (README; .ci/run execs it). On a fresh Debian 12: installs what the build and
# the suites need with apt, configures and builds everything, and runs every CTest suite. The
# server suites run twice, against the embedded profile (SQLite + local store) and against real
# MariaDB + Redis that the suites start themselves on free loopback ports (tests/services/). At the
# end it prints how many tests ran against each profile. The packaging test builds the .deb
# packages and installs them into a clean Debian 12 root (tests/packaging; needs root; a test
# there is one check). Exit status is non-zero on any failure.
#
#   NESTBOX_SKIP_APT=1     skip apt-get (packages already there)
#   BUILD_DIR=dir          build directory (default: build)
#   NESTBOX_JOBS=n         build parallelism (default: 2)
#   NESTBOX_CTEST_JOBS=n   tests run in parallel (default: 2)
#   NESTBOX_CTEST_ARGS=…   extra ctest arguments, e.g. "-R server.uploads"
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${NESTBOX_JOBS:-2}
CTEST_JOBS=${NESTBOX_CTEST_JOBS:-2}
started=$(date +%s)

step() { echo; echo "=== $* ($(( $(date +%s) - started )) s)"; }

# The package lists live in one place: scripts/build-deps.sh (build and --test sets).
if [[ "${NESTBOX_SKIP_APT:-0}" != "1" ]]; then
  step "apt: installing build and test dependencies"
  export DEBIAN_FRONTEND=noninteractive
  scripts/build-deps.sh --test
fi

step "configure ($BUILD_DIR)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNESTBOX_BUILD_TESTS=ON

step "build (-j$JOBS)"
cmake --build "$BUILD_DIR" -j "$JOBS"

RESULTS="$BUILD_DIR/tests/results"
SERVICES_ENV="$BUILD_DIR/tests/services/services.env"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.txt
# whatever happens, no MariaDB/Redis/avahi-daemon of ours outlives this script
AVAHI_ENV="$BUILD_DIR/tests/services/avahi.env"
trap '"$ROOT/tests/services/services.sh" stop "$SERVICES_ENV" >/dev/null 2>&1 || true
      "$ROOT/tests/services/avahi.sh" stop "$AVAHI_ENV" >/dev/null 2>&1 || true' EXIT

step "ctest (-j$CTEST_JOBS)"
set +e
# shellcheck disable=SC2086
(cd "$BUILD_DIR" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$CTEST_JOBS" --timeout 900 \
   --output-junit ctest-results.xml ${NESTBOX_CTEST_ARGS:-})
ctest_rc=$?
set -e

# Per profile: suites registered, suites that ran to the end, and the Qt Test totals
# (one test = one test function or one data row) from each suite's own log; CTest's JUnit file
# says which suites passed, failed or were not run (e.g. MariaDB did not start).
JUNIT="$BUILD_DIR/ctest-results.xml"
summarize() { # label, description
  local label=$1 desc=$2 registered ran=0 passed=0 failed=0 skipped=0 other=0 broken=0 name f line status
  mapfile -t names < <(cd "$BUILD_DIR" && ctest -N -L "^${label}\$" 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: //p' | grep -v '^services\.')
  registered=${#names[@]}
  for name in "${names[@]}"; do
    f="$RESULTS/$name.txt"
    status=$(grep -o "<testcase name=\"$name\"[^>]*status=\"[a-z]*\"" "$JUNIT" 2>/dev/null | sed -E 's/.*status="([a-z]*)"/\1/' | head -n 1)
    line=$( [[ -f "$f" ]] && grep -E '^Totals: ' "$f" | tail -n 1 || true)
    if [[ -n "$line" ]]; then
      ran=$((ran + 1))
      passed=$((passed + $(sed -E 's/^Totals: ([0-9]+) passed.*/\1/' <<<"$line")))
      failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
      skipped=$((skipped + $(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$line")))
    elif [[ "$status" == "run" ]]; then
      ran=$((ran + 1)); other=$((other + 1))   # passed, but not a Qt Test suite
    else
      broken=$((broken + 1))
    fi
  done
  printf '  %-26s %d/%d suites ran, %d tests run: %d passed, %d failed, %d skipped' \
    "$desc" "$ran" "$registered" "$((passed + failed))" "$passed" "$failed" "$skipped"
  if (( other > 0 )); then printf ' (+%d passing non-Qt suite(s))' "$other"; fi
  if (( broken > 0 )); then printf ', %d suite(s) NOT RUN or crashed' "$broken"; fi
  printf '\n'
}

step "summary"
echo "Tests per profile (a test = one Qt Test function or data row):"
summarize app "app (real nestboxd):"
summarize profile-sqlite "sqlite (embedded):"
summarize profile-mariadb "mariadb+redis:"
summarize unit "unit (no server):"
summarize packaging "packaging (.deb checks):"
echo "ctest exit status: $ctest_rc; total time $(( $(date +%s) - started )) s"
exit "$ctest_rc"
