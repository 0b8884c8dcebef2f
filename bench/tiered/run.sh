#!/usr/bin/env bash
# Starts a throw-away Ceph RGW (bluestore on a file, so bytes really reach a disk) and, for each
# storage mode in turn, one nestboxd (storage.url=s3://…, SQLite, --role=all) with a bucket of its
# own; runs nestbox-bench-tiered against it, stops it; stops Ceph at the end.
#   bench/tiered/run.sh BUILD_DIR [--modes=tiered,direct] [--quick] [bench args…]
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [--modes=tiered,direct] [--quick] [--size=MiB --chunk=MiB --parallel=N]}; shift
modes=tiered,direct
args=()
for a in "$@"; do
  case "$a" in
    --modes=*) modes=${a#--modes=} ;;
    *) args+=("$a") ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
ceph_sh="$here/../../tests/services/ceph.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-bench-tiered.XXXXXX")
server_pid=
stop_server() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=
}
cleanup() {
  stop_server
  "$ceph_sh" stop "$work/ceph.env" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
NESTBOX_CEPH_STORE=bluestore "$ceph_sh" start "$work/ceph.env" 2>/dev/null
set -a; . "$work/ceph.env"; set +a
status=0
IFS=, read -r -a mode_list <<<"$modes"
for mode in "${mode_list[@]}"; do
  bucket="nestbox-bench-$mode-$$"
  data="$work/data-$mode"
  rm -f "$work/port"
  # direct: every chunk is an S3 part, so chunks are 5 MiB at least
  "$build/server/nestboxd" serve --data-dir="$data" -Dhttp.port=0 -Dhttp.port_file="$work/port" \
    -Dlog.level=warning -Dlimits.chunk_size_min=5242880 -Dstorage.mode="$mode" \
    -Dstorage.url="s3://$bucket?endpoint=$CEPH_S3_ENDPOINT&region=$CEPH_S3_REGION&path_style=true" \
    -Dstorage.access_key="$CEPH_S3_ACCESS_KEY" -Dstorage.secret_key="$CEPH_S3_SECRET_KEY" \
    >"$work/nestboxd-$mode.out" 2>"$work/nestboxd-$mode.log" &
  server_pid=$!
  for _ in $(seq 1 300); do [[ -s "$work/port" ]] && break; sleep 0.1; done
  [[ -s "$work/port" ]] || { cat "$work/nestboxd-$mode.log" >&2; exit 2; }
  "$build/bench/tiered/nestbox-bench-tiered" --mode="$mode" --api="http://127.0.0.1:$(cat "$work/port")" \
    --ceph-env="$work/ceph.env" --bucket="$bucket" --data-dir="$data" --file="$work/upload.bin" \
    ${args[@]+"${args[@]}"} || status=1
  stop_server
  echo
done
exit "$status"
