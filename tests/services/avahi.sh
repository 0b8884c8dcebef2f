#!/usr/bin/env bash
# Starts and stops a real Avahi (mDNS/DNS-SD) daemon for the discovery tests, on a PRIVATE D-Bus
# system bus of its own, everything in a temp dir: nothing of the machine's own bus or Avahi is
# touched, and multicast stays on the loopback interface (allow-interfaces=lo, IPv4 only). The
# daemon runs in a mount namespace of its own with a private /run/avahi-daemon, so its fixed pid
# file does not clash with another Avahi on the machine.
#
#   avahi.sh start          ENV_FILE     a fresh bus and daemon
#   avahi.sh stop           ENV_FILE     stop both, remove the temp dir and ENV_FILE
#   avahi.sh restart-daemon ENV_FILE     stop avahi-daemon only and start it again (same bus)
#
# ENV_FILE gets KEY=VALUE lines (no quotes): DBUS_SYSTEM_BUS_ADDRESS (point every Avahi client at
# the private bus with it: nestboxd, avahi-browse, the app), AVAHI_HOST_NAME, AVAHI_DIR,
# AVAHI_PID, DBUS_PID.
set -euo pipefail

action=${1:-}
env_file=${2:-}
if [[ -z "$action" || -z "$env_file" ]]; then
  echo "usage: $0 start|stop|restart-daemon ENV_FILE" >&2
  exit 2
fi

SERVICE_NAME=avahi
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

write_env() {
  local tmp="$env_file.tmp.$$"
  {
    echo "DBUS_SYSTEM_BUS_ADDRESS=${DBUS_SYSTEM_BUS_ADDRESS:-}"
    echo "AVAHI_HOST_NAME=${AVAHI_HOST_NAME:-}"
    echo "AVAHI_DIR=${AVAHI_DIR:-}"
    echo "AVAHI_PID=${AVAHI_PID:-}"
    echo "DBUS_PID=${DBUS_PID:-}"
  } > "$tmp"
  mv -f "$tmp" "$env_file"
}

start_daemon() {
  : > "$AVAHI_DIR/avahi.log"
  mkdir -p /run/avahi-daemon
  # unshare keeps its pid through both execs: $! is the daemon's pid.
  DBUS_SYSTEM_BUS_ADDRESS="$DBUS_SYSTEM_BUS_ADDRESS" \
    unshare --mount --propagation private sh -c \
      'mount -t tmpfs -o mode=0755 tmpfs /run/avahi-daemon && exec avahi-daemon --no-chroot --no-drop-root --no-rlimits --no-proc-title -f "$1"' \
      sh "$AVAHI_DIR/avahi-daemon.conf" >> "$AVAHI_DIR/avahi.log" 2>&1 &
  AVAHI_PID=$!
  write_env
  local i
  for i in $(seq 1 100); do
    pid_alive "$AVAHI_PID" || { cat "$AVAHI_DIR/avahi.log" >&2; die "avahi-daemon exited"; }
    if grep -q "Server startup complete" "$AVAHI_DIR/avahi.log"; then
      log "avahi-daemon ($AVAHI_PID) ready as $AVAHI_HOST_NAME.local on lo"
      return 0
    fi
    sleep 0.1
  done
  cat "$AVAHI_DIR/avahi.log" >&2
  die "avahi-daemon not ready after 10 s"
}

case "$action" in
  start)
    load_env
    if pid_alive "${AVAHI_PID:-}" || pid_alive "${DBUS_PID:-}"; then
      "$0" stop "$env_file" || true
    fi
    command -v avahi-daemon >/dev/null || die "avahi-daemon is not installed (scripts/build-deps.sh --test)"
    command -v dbus-daemon >/dev/null || die "dbus-daemon is not installed (scripts/build-deps.sh --test)"
    AVAHI_DIR=$(mktemp -d /tmp/nestbox-avahi.XXXXXX)
    AVAHI_HOST_NAME="nestbox-test-$(( (RANDOM << 15) | RANDOM ))"
    DBUS_SYSTEM_BUS_ADDRESS="unix:path=$AVAHI_DIR/system_bus_socket"
    cat > "$AVAHI_DIR/dbus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$AVAHI_DIR/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
</busconfig>
CONF
    cat > "$AVAHI_DIR/avahi-daemon.conf" <<CONF
[server]
host-name=$AVAHI_HOST_NAME
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=yes
ratelimit-interval-usec=0
[wide-area]
enable-wide-area=no
[publish]
publish-addresses=yes
publish-hinfo=no
publish-workstation=no
publish-domain=no
[reflector]
enable-reflector=no
CONF
    dbus-daemon --config-file="$AVAHI_DIR/dbus.conf" --nofork --nosyslog > "$AVAHI_DIR/dbus.log" 2>&1 &
    DBUS_PID=$!
    write_env
    for i in $(seq 1 100); do
      [[ -S "$AVAHI_DIR/system_bus_socket" ]] && break
      pid_alive "$DBUS_PID" || { cat "$AVAHI_DIR/dbus.log" >&2; die "dbus-daemon exited"; }
      sleep 0.05
    done
    [[ -S "$AVAHI_DIR/system_bus_socket" ]] || die "no bus socket after 5 s"
    log "private system bus ($DBUS_PID) at $DBUS_SYSTEM_BUS_ADDRESS"
    start_daemon
    ;;
  restart-daemon)
    load_env
    [[ -n "${AVAHI_DIR:-}" ]] || die "$env_file names no running avahi"
    stop_pid "${AVAHI_PID:-}" avahi-daemon
    start_daemon
    ;;
  stop)
    load_env
    stop_pid "${AVAHI_PID:-}" avahi-daemon
    stop_pid "${DBUS_PID:-}" dbus-daemon
    if [[ -n "${AVAHI_DIR:-}" && "$AVAHI_DIR" == /tmp/nestbox-avahi.* ]]; then
      rm -rf "$AVAHI_DIR"
    fi
    rm -f "$env_file"
    ;;
  *)
    die "unknown action $action"
    ;;
esac
