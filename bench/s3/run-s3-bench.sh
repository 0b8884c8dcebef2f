#!/usr/bin/env bash
# Starts a throw-away Ceph RGW (bluestore on a file: memstore would keep every overwritten
# object in RAM), runs nestbox-bench-s3 against it, times the same PUT/GET with
# curl --aws-sigv4, stops Ceph.
#
#   bench/s3/run-s3-bench.sh BUILD_DIR [MIB=256] [RUNS=3]
set -euo pipefail
build=${1:?usage: run-s3-bench.sh BUILD_DIR [MIB] [RUNS]}
mib=${2:-256}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
ceph_sh="$here/../../tests/services/ceph.sh"
env_file=$(mktemp /tmp/nestbox-bench-s3-env.XXXXXX)
file=$(mktemp /tmp/nestbox-bench-s3-curl.XXXXXX)
trap '"$ceph_sh" stop "$env_file" >/dev/null 2>&1 || true; rm -f "$file" "$env_file"' EXIT

NESTBOX_CEPH_STORE=bluestore "$ceph_sh" start "$env_file"
set -a; . "$env_file"; set +a
"$build/bench/s3/nestbox-bench-s3" "$env_file" "$mib" "$runs"

# curl for comparison (needs x-amz-content-sha256 set by hand, see TEST-SERVICES.md)
head -c $((mib * 1024 * 1024)) /dev/urandom > "$file"
sig=(--aws-sigv4 "aws:amz:$CEPH_S3_REGION:s3" --user "$CEPH_S3_ACCESS_KEY:$CEPH_S3_SECRET_KEY"
     -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -s -f)
url="$CEPH_S3_ENDPOINT/nestbox-bench/curl-object"
curl "${sig[@]}" -X PUT "$CEPH_S3_ENDPOINT/nestbox-bench" -o /dev/null || true
rate() { # curl speed field in bytes/s → median MiB/s over runs
  sort -n | awk '{a[NR]=$1} END {printf "%8.1f MiB/s\n", a[int((NR+1)/2)]/1048576}'
}
printf 'curl   PUT  (UNSIGNED-PAYLOAD)          '
for i in $(seq 1 "$runs"); do curl "${sig[@]}" -T "$file" "$url" -o /dev/null -w '%{speed_upload}\n'; done | rate
printf 'curl   GET                              '
for i in $(seq 1 "$runs"); do curl "${sig[@]}" "$url" -o /dev/null -w '%{speed_download}\n'; done | rate
