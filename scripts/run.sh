#!/usr/bin/env bash
# The one command to try Nestbox: installs build dependencies, builds everything, starts nestboxd
# on the embedded profile (SQLite + local store, data under ~/.local/share/nestbox/server) and,
# when a display is available, the desktop app connected to it. Headless, it prints where the
# server listens and serves until Ctrl-C.
#
#   NESTBOX_PORT=8080   port to listen on (a free one is picked when it is taken)
#   BUILD_DIR=build     build directory
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/build-deps.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNESTBOX_BUILD_APP=ON >/dev/null
cmake --build "$build_dir" --target nestboxd nestbox -j "$(nproc)"

data_dir=${XDG_DATA_HOME:-$HOME/.local/share}/nestbox/server
mkdir -p "$data_dir"
port=${NESTBOX_PORT:-8080}
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is taken; picking a free one" >&2
  port=0
fi
port_file=$(mktemp)
rm -f "$port_file"
"$build_dir/server/nestboxd" serve --data-dir="$data_dir" --port="$port" -Dhttp.port_file="$port_file" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -f "$port_file"' EXIT INT TERM

for _ in $(seq 1 100); do
  [[ -s "$port_file" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "nestboxd did not start" >&2; exit 1; }
  sleep 0.1
done
url="http://127.0.0.1:$(cat "$port_file")"
echo
echo "Nestbox server is running: $url   (data in $data_dir)"
echo "  sign up:  curl -X POST $url/api/v1/auth/signup -d '{\"username\":\"me\",\"password\":\"a long password\"}'"

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "Starting the Nestbox app; the server stops when you quit it."
  "$build_dir/app/nestbox" --server="$url"
else
  echo "No display: serving until Ctrl-C."
  wait "$server_pid"
fi
