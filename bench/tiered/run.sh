#!/usr/bin/env bash
# Starts a throw-away Ceph RGW (bluestore on a file) and one nestboxd in tiered mode
# (storage.url=s3://…, SQLite, --role=all), runs nestbox-bench-tiered, stops everything.
#   bench/tiered/run.sh BUILD_DIR [--quick] [bench args…]
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [--quick] [--size=MiB --chunk=MiB --parallel=N]}; shift
here=$(cd "$(dirname "$0")" && pwd)
ceph_sh="$here/../../tests/services/ceph.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-bench-tiered.XXXXXX")
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "$ceph_sh" stop "$work/ceph.env" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
NESTBOX_CEPH_STORE=bluestore "$ceph_sh" start "$work/ceph.env" 2>/dev/null
set -a; . "$work/ceph.env"; set +a
bucket="nestbox-bench-tiered-$$"
"$build/server/nestboxd" serve --data-dir="$work/data" -Dhttp.port=0 -Dhttp.port_file="$work/port" \
  -Dlog.level=warning -Dlimits.chunk_size_min=1048576 \
  -Dstorage.url="s3://$bucket?endpoint=$CEPH_S3_ENDPOINT&region=$CEPH_S3_REGION&path_style=true" \
  -Dstorage.access_key="$CEPH_S3_ACCESS_KEY" -Dstorage.secret_key="$CEPH_S3_SECRET_KEY" \
  >"$work/nestboxd.out" 2>"$work/nestboxd.log" &
server_pid=$!
for _ in $(seq 1 300); do [[ -s "$work/port" ]] && break; sleep 0.1; done
[[ -s "$work/port" ]] || { cat "$work/nestboxd.log" >&2; exit 2; }
"$build/bench/tiered/nestbox-bench-tiered" --api="http://127.0.0.1:$(cat "$work/port")" \
  --ceph-env="$work/ceph.env" --bucket="$bucket" --data-dir="$work/data" --file="$work/upload.bin" "$@"
