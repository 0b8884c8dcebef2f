#!/usr/bin/env bash
# Starts and stops a real RabbitMQ for the queue tests: a plain Erlang node (no systemd, no docker)
# in a temp dir of its own, listening on loopback only, with its own port mapper (epmd) and
# distribution port, all on free ports; stopped by rabbitmqctl and by pid, epmd included.
#
#   rabbitmq.sh start    ENV_FILE               a fresh broker
#   rabbitmq.sh stop     ENV_FILE               stop it, remove its temp dir and ENV_FILE
#   rabbitmq.sh restart  ENV_FILE [SECONDS]     stop the node, wait, start it again: same ports, same
#                                               data (durable queues and persistent messages survive)
#
# ENV_FILE gets KEY=VALUE lines: RABBITMQ_PORT, RABBITMQ_USER, RABBITMQ_PASSWORD, RABBITMQ_VHOST,
# RABBITMQ_URL (amqp://…), RABBITMQ_NODENAME, RABBITMQ_PID, …; the tests read it.
set -euo pipefail

action=${1:-}
env_file=${2:-}
if [[ -z "$action" || -z "$env_file" ]]; then
  echo "usage: $0 start|stop|restart ENV_FILE [SECONDS_DOWN]" >&2
  exit 2
fi

RABBIT_BIN=${RABBIT_BIN:-/usr/lib/rabbitmq/bin}

SERVICE_NAME=rabbitmq
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

write_env() {
  local tmp="$env_file.tmp.$$"
  {
    echo "RABBITMQ_DIR=${RABBITMQ_DIR:-}"
    echo "RABBITMQ_PORT=${RABBITMQ_PORT:-}"
    echo "RABBITMQ_DIST_PORT=${RABBITMQ_DIST_PORT:-}"
    echo "RABBITMQ_EPMD_PORT=${RABBITMQ_EPMD_PORT:-}"
    echo "RABBITMQ_NODENAME=${RABBITMQ_NODENAME:-}"
    echo "RABBITMQ_PID=${RABBITMQ_PID:-}"
    echo "RABBITMQ_USER=guest"
    echo "RABBITMQ_PASSWORD=guest"
    echo "RABBITMQ_VHOST=/"
    if [[ -n "${RABBITMQ_PORT:-}" ]]; then
      echo "RABBITMQ_URL=amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/%2f"
    else
      echo "RABBITMQ_URL="
    fi
  } > "$tmp"
  mv -f "$tmp" "$env_file"
}

# Everything the node and rabbitmqctl need to find each other and nothing of the machine's own
# RabbitMQ (/etc/rabbitmq, /var/lib/rabbitmq, the default epmd on 4369).
node_env() {
  export HOME="$RABBITMQ_DIR"
  export RABBITMQ_CONF_ENV_FILE="$RABBITMQ_DIR/rabbitmq-env.conf"
  export RABBITMQ_CONFIG_FILE="$RABBITMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RABBITMQ_DIR/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_DIR/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$RABBITMQ_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RABBITMQ_DIR/log"
  export RABBITMQ_PID_FILE="$RABBITMQ_DIR/rabbitmq.pid"
  export RABBITMQ_NODENAME RABBITMQ_NODE_PORT="$RABBITMQ_PORT" RABBITMQ_DIST_PORT
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$RABBITMQ_EPMD_PORT"
  export RABBITMQ_LOGS="$RABBITMQ_DIR/log/rabbit.log"
}

write_config() {
  mkdir -p "$RABBITMQ_DIR/log" "$RABBITMQ_DIR/mnesia"
  : > "$RABBITMQ_DIR/rabbitmq-env.conf"
  echo "[]." > "$RABBITMQ_DIR/enabled_plugins"
  echo "[]." > "$RABBITMQ_DIR/advanced.config"
  cat > "$RABBITMQ_DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
loopback_users.guest = true
log.file.level = warning
log.console = false
# the test machine's disk is shared and small; never block publishers for it
disk_free_limit.absolute = 50MB
vm_memory_high_watermark.relative = 0.6
CONF
  # one cookie for the node and rabbitmqctl (both read HOME)
  if [[ ! -f "$RABBITMQ_DIR/.erlang.cookie" ]]; then
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$RABBITMQ_DIR/.erlang.cookie"
    chmod 400 "$RABBITMQ_DIR/.erlang.cookie"
  fi
}

ctl() { "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"; }

launch() { # returns 1 if the node did not come up
  local i
  node_env
  "$RABBIT_BIN/rabbitmq-server" >>"$RABBITMQ_DIR/server.out" 2>&1 </dev/null &
  RABBITMQ_PID=$!
  for i in $(seq 1 600); do
    pid_alive "$RABBITMQ_PID" || { RABBITMQ_PID=; return 1; }
    # the AMQP listener opens last in the boot; once it accepts, the broker takes messages
    if port_in_use "$RABBITMQ_PORT"; then return 0; fi
    sleep 0.1
  done
  stop_node
  return 1
}

stop_node() {
  local i
  load_env_quiet_node
  if pid_alive "${RABBITMQ_PID:-}"; then
    ctl stop >/dev/null 2>&1 || kill -TERM "$RABBITMQ_PID" 2>/dev/null || true
    for i in $(seq 1 200); do pid_alive "$RABBITMQ_PID" || break; sleep 0.1; done
    if pid_alive "$RABBITMQ_PID"; then
      log "node ($RABBITMQ_PID) did not stop in 20 s, killing"
      pkill -KILL -P "$RABBITMQ_PID" 2>/dev/null || true
      kill -KILL "$RABBITMQ_PID" 2>/dev/null || true
    fi
    log "node $RABBITMQ_NODENAME stopped"
  fi
  # the beam process the start script ran (its pid file), in case the wrapper went first
  if [[ -f "$RABBITMQ_DIR/rabbitmq.pid" ]]; then
    local beam; beam=$(cat "$RABBITMQ_DIR/rabbitmq.pid" 2>/dev/null || true)
    if pid_alive "$beam"; then kill -KILL "$beam" 2>/dev/null || true; fi
    rm -f "$RABBITMQ_DIR/rabbitmq.pid"
  fi
  RABBITMQ_PID=
}

stop_epmd() {
  [[ -n "${RABBITMQ_EPMD_PORT:-}" ]] || return 0
  ERL_EPMD_PORT=$RABBITMQ_EPMD_PORT epmd -port "$RABBITMQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
}

load_env_quiet_node() { [[ -n "${RABBITMQ_DIR:-}" && -d "$RABBITMQ_DIR" ]] && node_env || true; }

start_broker() {
  command -v epmd >/dev/null 2>&1 || [[ -x /usr/lib/erlang/bin/epmd ]] || die "epmd not found: install rabbitmq-server"
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || die "$RABBIT_BIN/rabbitmq-server not found: install rabbitmq-server"
  RABBITMQ_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-rabbitmq.XXXXXX")
  local attempt
  RABBITMQ_PORT=
  for attempt in 1 2 3 4 5; do
    local port dist epmd_port
    port=$(random_free_port); dist=$(random_free_port); epmd_port=$(random_free_port)
    [[ "$port" != "$dist" && "$dist" != "$epmd_port" && "$port" != "$epmd_port" ]] || continue
    RABBITMQ_PORT=$port RABBITMQ_DIST_PORT=$dist RABBITMQ_EPMD_PORT=$epmd_port
    RABBITMQ_NODENAME="nestbox$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')@localhost"
    write_config
    if launch; then write_env; log "RabbitMQ ready on 127.0.0.1:$RABBITMQ_PORT (node $RABBITMQ_NODENAME, pid $RABBITMQ_PID, dir $RABBITMQ_DIR)"; return 0; fi
    log "RabbitMQ did not come up on port $port (attempt $attempt)"
    stop_epmd
    RABBITMQ_PORT=
  done
  tail -n 30 "$RABBITMQ_DIR/server.out" "$RABBITMQ_DIR"/log/*.log >&2 2>/dev/null || true
  die "RabbitMQ did not start"
}

stop_all() {
  load_env
  if [[ -n "${RABBITMQ_DIR:-}" && -d "$RABBITMQ_DIR" ]]; then
    stop_node
    stop_epmd
    [[ "$RABBITMQ_DIR" == */nestbox-rabbitmq.* ]] && rm -rf "$RABBITMQ_DIR"
  fi
  rm -f "$env_file"
}

case "$action" in
  start)
    stop_all                      # an instance left over by an interrupted run
    mkdir -p "$(dirname "$env_file")"
    trap 'write_env' EXIT         # so a failed start can still be stopped
    start_broker
    ;;
  stop)
    stop_all
    ;;
  restart)
    load_env
    [[ -n "${RABBITMQ_DIR:-}" && -d "$RABBITMQ_DIR" ]] || die "no RabbitMQ recorded in $env_file"
    stop_node
    write_env
    sleep "${3:-1}"
    ok=
    for attempt in $(seq 1 20); do  # the port may linger a moment after the stop
      if launch; then ok=1; break; fi
      sleep 0.5
    done
    write_env
    [[ -n "$ok" ]] || { tail -n 30 "$RABBITMQ_DIR/server.out" >&2 || true; die "RabbitMQ did not start again on port $RABBITMQ_PORT"; }
    log "RabbitMQ up again on 127.0.0.1:$RABBITMQ_PORT (pid $RABBITMQ_PID)"
    ;;
  *)
    die "unknown action $action"
    ;;
esac
