#!/usr/bin/env bash
# Starts and stops the real services the server tests run against: MariaDB and Redis as plain
# processes on free loopback ports, all state in one temp dir, stopped by pid. No systemd, no docker,
# nothing already running on the machine is used.
#
#   services.sh start            ENV_FILE   MariaDB + Redis
#   services.sh start-mariadb    ENV_FILE   (re)start MariaDB only, fresh; Redis in ENV_FILE stays
#   services.sh start-redis      ENV_FILE   (re)start Redis only, fresh; MariaDB in ENV_FILE stays
#   services.sh stop             ENV_FILE   stop whatever ENV_FILE records, remove its temp dir
#   services.sh stop-mariadb     ENV_FILE   stop MariaDB, keep its datadir and port (for a restart)
#   services.sh resume-mariadb   ENV_FILE   start MariaDB again on the same port and datadir
#   services.sh restart-mariadb  ENV_FILE [SECONDS_DOWN]
#   services.sh flush-redis      ENV_FILE   FLUSHALL
#
# ENV_FILE is written as KEY=VALUE lines (MARIADB_PORT, MARIADB_USER, MARIADB_PASSWORD, REDIS_PORT, …);
# the Qt tests read it. Ports are picked at random among free ones and retried when taken meanwhile.
set -euo pipefail

action=${1:-}
env_file=${2:-}
if [[ -z "$action" || -z "$env_file" ]]; then
  echo "usage: $0 start|start-mariadb|start-redis|stop|stop-mariadb|resume-mariadb|restart-mariadb|flush-redis ENV_FILE [SECONDS]" >&2
  exit 2
fi

SERVICE_NAME=services
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

write_env() {
  local tmp="$env_file.tmp.$$"
  {
    echo "SERVICES_DIR=${SERVICES_DIR:-}"
    echo "MARIADB_PORT=${MARIADB_PORT:-}"
    echo "MARIADB_PID=${MARIADB_PID:-}"
    echo "MARIADB_DATADIR=${MARIADB_DATADIR:-}"
    echo "MARIADB_SOCKET=${MARIADB_SOCKET:-}"
    echo "MARIADB_USER=${MARIADB_USER:-}"
    echo "MARIADB_PASSWORD=${MARIADB_PASSWORD:-}"
    echo "MARIADB_DATABASE=${MARIADB_DATABASE:-}"
    echo "REDIS_PORT=${REDIS_PORT:-}"
    echo "REDIS_PID=${REDIS_PID:-}"
  } > "$tmp"
  mv -f "$tmp" "$env_file"
}

ensure_dir() {
  if [[ -z "${SERVICES_DIR:-}" || ! -d "$SERVICES_DIR" ]]; then
    SERVICES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-services.XXXXXX")
  fi
}

find_mysqld() {
  local c
  for c in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

mysqld_args() { # port
  local args=(--no-defaults --datadir="$MARIADB_DATADIR" --socket="$MARIADB_SOCKET"
              --port="$1" --bind-address=127.0.0.1 --skip-name-resolve
              --pid-file="$SERVICES_DIR/mariadb.pid" --log-error="$SERVICES_DIR/mariadb.log"
              --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --max-connections=500
              --innodb-flush-log-at-trx-commit=2 --skip-log-bin)
  [[ $(id -u) -eq 0 ]] && args+=(--user=root)
  printf '%s\n' "${args[@]}"
}

launch_mysqld() { # port; sets MARIADB_PID; returns 1 if it did not come up
  local port=$1 mysqld i
  mysqld=$(find_mysqld) || die "mysqld/mariadbd not found: install mariadb-server"
  mapfile -t args < <(mysqld_args "$port")
  "$mysqld" "${args[@]}" >>"$SERVICES_DIR/mariadb.out" 2>&1 </dev/null &
  MARIADB_PID=$!
  for i in $(seq 1 600); do
    if ! pid_alive "$MARIADB_PID"; then MARIADB_PID=; return 1; fi
    if mariadb-admin --no-defaults --protocol=SOCKET --socket="$MARIADB_SOCKET" -uroot ping >/dev/null 2>&1 \
       && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  stop_pid "$MARIADB_PID" mariadb; MARIADB_PID=
  return 1
}

start_mariadb() {
  command -v mariadb-install-db >/dev/null 2>&1 || die "mariadb-install-db not found: install mariadb-server"
  find_mysqld >/dev/null || die "mysqld not found: install mariadb-server"
  ensure_dir
  MARIADB_DATADIR="$SERVICES_DIR/mariadb-data"
  MARIADB_SOCKET="$SERVICES_DIR/mariadb.sock"
  local user_opt=()
  [[ $(id -u) -eq 0 ]] && user_opt=(--user=root)
  mariadb-install-db --no-defaults --datadir="$MARIADB_DATADIR" --auth-root-authentication-method=normal \
      --skip-test-db "${user_opt[@]}" >"$SERVICES_DIR/mariadb-install.log" 2>&1 \
    || { cat "$SERVICES_DIR/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(random_free_port)
    if launch_mysqld "$port"; then MARIADB_PORT=$port; break; fi
    log "mysqld did not come up on port $port (attempt $attempt)"
  done
  [[ -n "${MARIADB_PORT:-}" ]] || { tail -n 30 "$SERVICES_DIR/mariadb.log" >&2 || true; die "MariaDB did not start"; }
  MARIADB_USER=nestbox_test
  MARIADB_PASSWORD="pw$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  MARIADB_DATABASE=nestbox_test
  mariadb --no-defaults --protocol=SOCKET --socket="$MARIADB_SOCKET" -uroot <<SQL
DELETE FROM mysql.global_priv WHERE User='';
CREATE USER '$MARIADB_USER'@'127.0.0.1' IDENTIFIED BY '$MARIADB_PASSWORD';
CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$MARIADB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$MARIADB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$MARIADB_USER'@'%';
CREATE DATABASE $MARIADB_DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
FLUSH PRIVILEGES;
SQL
  # prove the facts we hand out work: TCP, the user, the password
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$MARIADB_PORT" -u"$MARIADB_USER" -p"$MARIADB_PASSWORD" \
      -e "SELECT 1" "$MARIADB_DATABASE" >/dev/null || die "cannot connect to MariaDB over TCP"
  log "MariaDB ready on 127.0.0.1:$MARIADB_PORT (pid $MARIADB_PID, dir $SERVICES_DIR)"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found: install redis-server"
  command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found: install redis-tools"
  ensure_dir
  local attempt port i
  REDIS_PORT=
  for attempt in 1 2 3 4 5; do
    port=$(random_free_port)
    # many databases so every server instance in the tests gets its own (no key clashes between runs)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --databases 4096 --dir "$SERVICES_DIR" --logfile "$SERVICES_DIR/redis.log" \
        --maxmemory-policy noeviction </dev/null >/dev/null 2>&1 &
    REDIS_PID=$!
    for i in $(seq 1 100); do
      pid_alive "$REDIS_PID" || break
      if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; then REDIS_PORT=$port; break 2; fi
      sleep 0.05
    done
    stop_pid "$REDIS_PID" redis; REDIS_PID=
    log "redis did not come up on port $port (attempt $attempt)"
  done
  [[ -n "$REDIS_PORT" ]] || { tail -n 20 "$SERVICES_DIR/redis.log" >&2 || true; die "Redis did not start"; }
  log "Redis ready on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID)"
}

stop_all() {
  load_env
  stop_pid "${REDIS_PID:-}" redis
  stop_pid "${MARIADB_PID:-}" mariadb
  if [[ -n "${SERVICES_DIR:-}" && -d "$SERVICES_DIR" && "$SERVICES_DIR" == */nestbox-services.* ]]; then
    rm -rf "$SERVICES_DIR"
  fi
  rm -f "$env_file"
}

case "$action" in
  start)
    stop_all                       # an instance left over by an interrupted run
    mkdir -p "$(dirname "$env_file")"
    SERVICES_DIR=
    trap 'write_env' EXIT          # so a failed start can still be stopped
    start_mariadb
    start_redis
    ;;
  start-mariadb)                 # a fresh MariaDB; a Redis recorded in ENV_FILE keeps running
    load_env; mkdir -p "$(dirname "$env_file")"
    stop_pid "${MARIADB_PID:-}" mariadb; MARIADB_PID=; MARIADB_PORT=
    [[ -n "${SERVICES_DIR:-}" && -d "$SERVICES_DIR/mariadb-data" ]] && rm -rf "$SERVICES_DIR/mariadb-data"
    trap 'write_env' EXIT
    start_mariadb
    ;;
  start-redis)                   # a fresh Redis; a MariaDB recorded in ENV_FILE keeps running
    load_env; mkdir -p "$(dirname "$env_file")"
    stop_pid "${REDIS_PID:-}" redis; REDIS_PID=
    trap 'write_env' EXIT
    start_redis
    ;;
  stop)
    stop_all
    ;;
  stop-mariadb)
    load_env
    [[ -n "${MARIADB_PID:-}" ]] || die "no MariaDB recorded in $env_file"
    stop_pid "$MARIADB_PID" mariadb
    MARIADB_PID=; write_env
    ;;
  resume-mariadb)
    load_env
    [[ -n "${MARIADB_PORT:-}" && -d "${MARIADB_DATADIR:-}" ]] || die "no MariaDB datadir recorded in $env_file"
    pid_alive "${MARIADB_PID:-}" && die "MariaDB still running (pid $MARIADB_PID)"
    ok=
    for attempt in $(seq 1 50); do   # the port may linger a moment after the stop
      if launch_mysqld "$MARIADB_PORT"; then ok=1; break; fi
      sleep 0.2
    done
    [[ -n "$ok" ]] || { tail -n 30 "$SERVICES_DIR/mariadb.log" >&2 || true; die "MariaDB did not start again on port $MARIADB_PORT"; }
    write_env
    log "MariaDB up again on 127.0.0.1:$MARIADB_PORT (pid $MARIADB_PID)"
    ;;
  restart-mariadb)
    "$0" stop-mariadb "$env_file"
    sleep "${3:-3}"
    "$0" resume-mariadb "$env_file"
    ;;
  flush-redis)
    load_env
    [[ -n "${REDIS_PORT:-}" ]] || die "no Redis recorded in $env_file"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" FLUSHALL
    ;;
  *)
    die "unknown action $action"
    ;;
esac
