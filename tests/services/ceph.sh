#!/usr/bin/env bash
# Starts and stops a single-node Ceph cluster with an S3 gateway for the tests: one monitor, one OSD
# (memstore by default, bluestore on a file with NESTBOX_CEPH_STORE=bluestore) and radosgw with the
# beast frontend, as plain processes (no systemd) bound to 127.0.0.1 on free ports, all state in one
# temp dir, stopped by pid. No manager daemon: S3 does not need it and it costs ~300 MB.
#
#   ceph.sh start       ENV_FILE   mon + osd + rgw + an S3 user; writes CEPH_* lines to ENV_FILE
#   ceph.sh stop        ENV_FILE   rgw, then osd, then mon; removes the temp dir and ENV_FILE
#   ceph.sh stop-rgw    ENV_FILE   stop radosgw only (retry tests); its port stays recorded
#   ceph.sh start-rgw   ENV_FILE   start radosgw again on the recorded port
#
# ENV_FILE lines: CEPH_S3_ENDPOINT, CEPH_S3_ACCESS_KEY, CEPH_S3_SECRET_KEY, CEPH_S3_REGION,
# CEPH_RGW_PORT, CEPH_MON_PID, CEPH_OSD_PID, CEPH_RGW_PID, CEPH_PIDS, CEPH_DIR, CEPH_CONF.
set -euo pipefail

action=${1:-}
env_file=${2:-}
if [[ -z "$action" || -z "$env_file" ]]; then
  echo "usage: $0 start|stop|stop-rgw|start-rgw ENV_FILE" >&2
  exit 2
fi

# Fixed on purpose: the tests and benches read them from ENV_FILE, and a throw-away cluster on
# loopback needs no secret.
S3_ACCESS_KEY=NESTBOXTESTACCESS000
S3_SECRET_KEY=nestboxTestSecretKey0000000000000000000000
RGW_NAME=client.rgw.nestbox

SERVICE_NAME=ceph
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

write_env() {
  local tmp="$env_file.tmp.$$"
  {
    echo "CEPH_DIR=${CEPH_DIR:-}"
    echo "CEPH_CONF=${CEPH_CONF:-}"
    echo "CEPH_RGW_PORT=${CEPH_RGW_PORT:-}"
    echo "CEPH_S3_ENDPOINT=${CEPH_S3_ENDPOINT:-}"
    echo "CEPH_S3_REGION=${CEPH_S3_REGION:-}"
    echo "CEPH_S3_ACCESS_KEY=${CEPH_S3_ACCESS_KEY:-}"
    echo "CEPH_S3_SECRET_KEY=${CEPH_S3_SECRET_KEY:-}"
    echo "CEPH_MON_PID=${CEPH_MON_PID:-}"
    echo "CEPH_OSD_PID=${CEPH_OSD_PID:-}"
    echo "CEPH_RGW_PID=${CEPH_RGW_PID:-}"
    echo "CEPH_PIDS=\"${CEPH_RGW_PID:-} ${CEPH_OSD_PID:-} ${CEPH_MON_PID:-}\""
  } > "$tmp"
  mv -f "$tmp" "$env_file"
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: install ceph-mon ceph-osd radosgw ceph-common"; }

# The `ceph` CLI against our cluster only, never /etc/ceph.
cephcli() { ceph -c "$CEPH_CONF" --connect-timeout 10 "$@"; }

write_conf() { # mon_v2_port mon_v1_port rgw_port
  local store_conf
  if [[ "${NESTBOX_CEPH_STORE:-memstore}" == bluestore ]]; then
    # bluestore on a sparse file: deleted data is really freed (memstore keeps it in RAM)
    store_conf="osd_objectstore = bluestore
bluestore_block_path = $CEPH_DIR/osd/block
bluestore_block_create = true
bluestore_block_size = ${NESTBOX_CEPH_BLOCK_BYTES:-8589934592}
bluestore_cache_size = 134217728
bluestore_fsck_on_mkfs = false"
  else
    store_conf="osd_objectstore = memstore
memstore_device_bytes = ${NESTBOX_CEPH_MEMSTORE_BYTES:-2147483648}"
  fi
  cat > "$CEPH_CONF" <<CONF
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$1,v1:127.0.0.1:$2]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_mon_client_mode = crc
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
run_dir = $CEPH_DIR/run
admin_socket = $CEPH_DIR/run/\$name.asok
pid_file = $CEPH_DIR/run/\$name.pid
log_file = $CEPH_DIR/log/\$name.log
keyring = $CEPH_DIR/keyring
crash_dir = $CEPH_DIR/crash
log_to_stderr = false
err_to_stderr = false
log_max_recent = 500

[mon]
mon_data = $CEPH_DIR/mon/\$cluster-\$id
mon_cluster_log_file = default=$CEPH_DIR/log/ceph.\$channel.log cluster=$CEPH_DIR/log/ceph.log
paxos_propose_interval = 0.05

[osd]
osd_data = $CEPH_DIR/osd/\$cluster-\$id
$store_conf

[$RGW_NAME]
rgw_frontends = beast endpoint=127.0.0.1:$3
rgw_data = $CEPH_DIR/rgw
rgw_exit_timeout_secs = 3
rgw_enable_usage_log = false
CONF
}

launch_rgw() { # waits until the S3 port answers; sets CEPH_RGW_PID
  local i
  radosgw -f -c "$CEPH_CONF" -n "$RGW_NAME" </dev/null >>"$CEPH_DIR/log/radosgw.out" 2>&1 &
  CEPH_RGW_PID=$!
  for i in $(seq 1 600); do
    pid_alive "$CEPH_RGW_PID" || { tail -n 30 "$CEPH_DIR/log/$RGW_NAME.log" >&2 || true; die "radosgw exited"; }
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$CEPH_RGW_PORT/"; then return 0; fi
    sleep 0.1
  done
  die "radosgw did not answer on port $CEPH_RGW_PORT in 60 s"
}

start_all() {
  for c in ceph ceph-mon ceph-osd radosgw radosgw-admin monmaptool curl; do need "$c"; done
  local t0=$SECONDS i mon2 mon1 osd_uuid
  CEPH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-ceph.XXXXXX")
  CEPH_CONF="$CEPH_DIR/ceph.conf"
  mkdir -p "$CEPH_DIR"/{run,log,mon,osd/ceph-0,rgw,crash}
  FSID=$(cat /proc/sys/kernel/random/uuid)
  mon2=$(random_free_port); mon1=$(random_free_port); CEPH_RGW_PORT=$(random_free_port)
  while [[ "$mon1" == "$mon2" ]]; do mon1=$(random_free_port); done
  while [[ "$CEPH_RGW_PORT" == "$mon1" || "$CEPH_RGW_PORT" == "$mon2" ]]; do CEPH_RGW_PORT=$(random_free_port); done
  write_conf "$mon2" "$mon1" "$CEPH_RGW_PORT"

  # monitor
  monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$mon2,v1:127.0.0.1:$mon1]" \
      "$CEPH_DIR/monmap" >"$CEPH_DIR/log/monmaptool.out" 2>&1 || die "monmaptool failed"
  ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" >"$CEPH_DIR/log/mon-mkfs.out" 2>&1 \
    || { cat "$CEPH_DIR/log/mon-mkfs.out" >&2; die "ceph-mon --mkfs failed"; }
  ceph-mon -f -c "$CEPH_CONF" -i a </dev/null >>"$CEPH_DIR/log/mon.out" 2>&1 &
  CEPH_MON_PID=$!
  for i in $(seq 1 300); do
    pid_alive "$CEPH_MON_PID" || { tail -n 30 "$CEPH_DIR/log/mon.a.log" >&2 || true; die "ceph-mon exited"; }
    cephcli mon stat >/dev/null 2>&1 && break
    sleep 0.1
  done
  cephcli mon stat >/dev/null 2>&1 || die "monitor did not answer"
  log "mon up after $((SECONDS - t0)) s"

  # one OSD
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  [[ "$(cephcli osd new "$osd_uuid")" == 0 ]] || die "ceph osd new did not give id 0"
  ceph-osd -c "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >"$CEPH_DIR/log/osd-mkfs.out" 2>&1 \
    || { cat "$CEPH_DIR/log/osd-mkfs.out" >&2; die "ceph-osd --mkfs failed"; }
  ceph-osd -f -c "$CEPH_CONF" -i 0 </dev/null >>"$CEPH_DIR/log/osd.out" 2>&1 &
  CEPH_OSD_PID=$!
  for i in $(seq 1 600); do
    pid_alive "$CEPH_OSD_PID" || { tail -n 30 "$CEPH_DIR/log/osd.0.log" >&2 || true; die "ceph-osd exited"; }
    # RGW started before the OSD is up stalls ~5 s, so wait for "1 up"
    [[ "$(cephcli osd stat -f json 2>/dev/null)" == *'"num_up_osds":1'* ]] && break
    sleep 0.1
  done
  [[ "$(cephcli osd stat -f json 2>/dev/null)" == *'"num_up_osds":1'* ]] || die "OSD did not come up"
  log "osd up after $((SECONDS - t0)) s"

  # S3 gateway and its user
  launch_rgw
  log "rgw up after $((SECONDS - t0)) s"
  radosgw-admin -c "$CEPH_CONF" -n client.admin user create --uid=nestbox --display-name="Nestbox tests" \
      --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >"$CEPH_DIR/log/user-create.out" 2>&1 \
    || { cat "$CEPH_DIR/log/user-create.out" >&2; die "radosgw-admin user create failed"; }
  CEPH_S3_ENDPOINT="http://127.0.0.1:$CEPH_RGW_PORT"
  CEPH_S3_REGION=us-east-1
  CEPH_S3_ACCESS_KEY=$S3_ACCESS_KEY
  CEPH_S3_SECRET_KEY=$S3_SECRET_KEY
  log "Ceph RGW ready on $CEPH_S3_ENDPOINT in $((SECONDS - t0)) s (dir $CEPH_DIR, store ${NESTBOX_CEPH_STORE:-memstore})"
}

stop_all() {
  load_env
  stop_pid "${CEPH_RGW_PID:-}" radosgw
  stop_pid "${CEPH_OSD_PID:-}" ceph-osd
  stop_pid "${CEPH_MON_PID:-}" ceph-mon
  if [[ -n "${CEPH_DIR:-}" && -d "$CEPH_DIR" && "$CEPH_DIR" == */nestbox-ceph.* ]]; then
    rm -rf "$CEPH_DIR"
  fi
  rm -f "$env_file"
}

case "$action" in
  start)
    stop_all                       # a cluster left over by an interrupted run
    mkdir -p "$(dirname "$env_file")"
    trap 'write_env' EXIT          # so a failed start can still be stopped
    start_all
    ;;
  stop)
    stop_all
    ;;
  stop-rgw)
    load_env
    stop_pid "${CEPH_RGW_PID:-}" radosgw
    CEPH_RGW_PID=; write_env
    ;;
  start-rgw)
    load_env
    [[ -n "${CEPH_RGW_PORT:-}" && -f "${CEPH_CONF:-}" ]] || die "no cluster recorded in $env_file"
    pid_alive "${CEPH_RGW_PID:-}" && die "radosgw still running (pid $CEPH_RGW_PID)"
    launch_rgw
    write_env
    log "radosgw up again on port $CEPH_RGW_PORT (pid $CEPH_RGW_PID)"
    ;;
  *)
    die "unknown action $action"
    ;;
esac
