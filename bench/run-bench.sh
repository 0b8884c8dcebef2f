#!/usr/bin/env bash
# Runs nestbox-bench on both deployment profiles and prints every figure plus a combined verdict:
#   1. embedded: SQLite + local store + in-process locks (nestboxd defaults);
#   2. MariaDB + Redis, started here as plain processes on free loopback ports in a temp dir
#      (tests/services/services.sh) and stopped at the end.
#
#   bench/run-bench.sh [--build-dir=DIR] [--profiles=sqlite,mariadb] [nestbox-bench flags...]
#   bench/run-bench.sh --quick             smoke run with small sizes (a minute or two)
#
# Builds nestboxd and nestbox-bench first (Release, -j${NESTBOX_BENCH_JOBS:-1}) in DIR
# (default: build-bench next to bench/). Exit status: 0 all targets met, 1 a target missed,
# 2 a step failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build_dir=${NESTBOX_BENCH_BUILD_DIR:-$repo/build-bench}
profiles=sqlite,mariadb
bench_args=()
for arg in "$@"; do
  case "$arg" in
    --build-dir=*) build_dir=${arg#*=} ;;
    --profiles=*) profiles=${arg#*=} ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) bench_args+=("$arg") ;;
  esac
done

log() { echo "run-bench: $*" >&2; }

# --- build -------------------------------------------------------------------------------------
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  cmake -S "$repo" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DNESTBOX_BUILD_APP=OFF -DNESTBOX_BUILD_TESTS=OFF -DNESTBOX_BUILD_BENCH=ON >&2
fi
cmake --build "$build_dir" --target nestboxd nestbox-bench -j "${NESTBOX_BENCH_JOBS:-1}" >&2
bench="$build_dir/bench/nestbox-bench"
[[ -x "$bench" ]] || { log "no $bench after the build"; exit 2; }

# --- temp dir on the same disk as the build (the bench writes GiBs there) ------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-runbench.XXXXXX")
services="$repo/tests/services/services.sh"
env_file="$work/services.env"
cleanup() {
  if [[ -f "$env_file" ]]; then "$services" stop "$env_file" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
outputs=()
run_profile() { # label, extra bench args...
  local label=$1; shift
  local out="$work/$label.out" rc=0
  log "profile $label"
  "$bench" --tmp-dir="$work" --label="$label" "$@" "${bench_args[@]}" | tee "$out" || rc=${PIPESTATUS[0]}
  outputs+=("$out")
  (( rc > status )) && status=$rc
  return 0
}

IFS=, read -r -a wanted <<<"$profiles"
for profile in "${wanted[@]}"; do
  case "$profile" in
    sqlite)
      run_profile sqlite
      ;;
    mariadb)
      [[ -x "$services" ]] || { log "$services missing"; status=2; continue; }
      "$services" start "$env_file" || { log "MariaDB/Redis did not start"; status=2; continue; }
      # shellcheck disable=SC1090
      set -a; . "$env_file"; set +a
      # services.sh tunes MariaDB for fast tests; the bench measures the durable production setting.
      mariadb --no-defaults --protocol=SOCKET --socket="$MARIADB_SOCKET" -uroot -e \
        "SET GLOBAL innodb_flush_log_at_trx_commit=1; SET GLOBAL innodb_buffer_pool_size=268435456;" \
        || log "could not raise MariaDB to durable settings; figures use the test settings"
      run_profile mariadb+redis \
        --db-url="mysql://$MARIADB_USER:$MARIADB_PASSWORD@127.0.0.1:$MARIADB_PORT/$MARIADB_DATABASE" \
        --redis-url="redis://127.0.0.1:$REDIS_PORT/0"
      "$services" stop "$env_file" || true
      ;;
    *)
      log "unknown profile $profile (sqlite, mariadb)"; status=2 ;;
  esac
done

echo
echo "==================== Nestbox benchmark: all profiles ===================="
for out in "${outputs[@]}"; do
  grep -E '^  (\[(PASS|MISS| -- )\]|FAILED|note:)' "$out" || true
done
echo "=========================================================================="
exit "$status"
